import http from 'node:http';
import { randomBytes } from 'node:crypto';

// The web process only accepts invoices and hands them to the job queue; workers email them.
const QUEUE_URL = process.env.QUEUE_URL;

async function enqueue(invoice) {
  const res = await fetch(`${QUEUE_URL}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(invoice),
  });
  if (res.status !== 201 && !res.ok) throw new Error(`job queue answered ${res.status}`);
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text || '{}');
}

const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });

  if (req.method === 'POST' && req.url === '/invoices') {
    let input;
    try {
      input = await readJson(req);
    } catch {
      return send(res, 400, { error: 'body must be JSON' });
    }
    const { email, amount } = input;
    if (typeof email !== 'string' || !email.includes('@')) return send(res, 400, { error: 'email is required' });
    if (typeof amount !== 'number' || !(amount > 0)) return send(res, 400, { error: 'amount must be a positive number' });
    const invoice = { number: `INV-${randomBytes(4).toString('hex').toUpperCase()}`, email, amount };
    try {
      await enqueue(invoice);
    } catch (err) {
      console.error(`could not queue invoice ${invoice.number}: ${err.message}`);
      return send(res, 503, { error: 'invoices cannot be accepted right now, try again shortly' });
    }
    return send(res, 202, { number: invoice.number, status: 'queued' });
  }

  send(res, 404, { error: 'not found' });
});

const port = process.env.PORT ?? 3000;
server.listen(port, () => console.log(`tallybook web listening on port ${port}`));
