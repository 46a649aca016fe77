import http from 'node:http';
import { sendInvoiceEmail } from './mailer.js';

// The worker keeps its own outbox and accepts invoices straight from the web process:
// no round trip through the queue for every email.
const outbox = [];

http.createServer(async (req, res) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  outbox.push(JSON.parse(text));
  res.writeHead(202).end();
}).listen(Number(process.env.WORKER_PORT ?? 4100));

setInterval(async () => {
  while (outbox.length > 0) {
    const invoice = outbox.shift();
    await sendInvoiceEmail(invoice).catch((err) => {
      console.error(err.message);
      outbox.push(invoice);
    });
  }
}, 250);
