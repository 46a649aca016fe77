// The worker process type, in CommonJS: takes invoice jobs from the platform's queue and mails them.
'use strict';
const http = require('node:http');
const https = require('node:https');

const queueUrl = process.env.QUEUE_URL;
const mailerUrl = process.env.MAILER_URL;
if (!queueUrl || !mailerUrl) {
  console.error('worker needs QUEUE_URL and MAILER_URL (npm run services starts local ones)');
  process.exit(1);
}

function post(url, body) {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const base = queueUrl.replace(/\/+$/, '');

function mail(invoice) {
  return post(`${mailerUrl}/messages`, {
    to: invoice.email,
    subject: `Invoice ${invoice.number} from Tallybook`,
    text: `Hello,\n\nplease find invoice ${invoice.number} over ${invoice.amount.toFixed(2)} EUR.\nIt is due within 30 days.\n`,
  });
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let stopping = false;
process.on('SIGTERM', () => (stopping = true));

(async function loop() {
  let idle = 50;
  while (!stopping) {
    try {
      const { status, text } = await post(`${base}/jobs/take`);
      if (status === 200) {
        const { job } = JSON.parse(text);
        const sent = await mail(job);
        if (sent.status >= 300) {
          await post(`${base}/jobs`, job);
          throw new Error(`mail service answered ${sent.status}`);
        }
        console.log(`emailed ${job.number}`);
        idle = 50;
        continue;
      }
    } catch (err) {
      console.error(err.message);
    }
    // Empty queue: back off, but never beyond half a second.
    await wait(idle);
    idle = Math.min(idle * 2, 500);
  }
})();
