import { setTimeout as sleep } from 'node:timers/promises';
import { sendInvoiceEmail } from './mailer.js';

// The worker process type: take invoices from the job queue and email them, forever.
const QUEUE_URL = process.env.QUEUE_URL;
const IDLE_MS = 400;

// No signal handlers: a worker holds at most the one job it is sending, so the default (stop at once) is safe.
const running = true;

async function take() {
  const res = await fetch(`${QUEUE_URL}/jobs/take`, { method: 'POST' });
  if (res.status === 204) return null;
  if (!res.ok) throw new Error(`job queue answered ${res.status}`);
  return res.json();
}

async function putBack(invoice) {
  await fetch(`${QUEUE_URL}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(invoice),
  });
}

console.log('tallybook worker waiting for invoices');
while (running) {
  let item;
  try {
    item = await take();
  } catch (err) {
    console.error(`could not reach the job queue: ${err.message}`);
    await sleep(IDLE_MS);
    continue;
  }
  if (!item) {
    await sleep(IDLE_MS);
    continue;
  }
  const invoice = item.job;
  try {
    await sendInvoiceEmail(invoice);
    console.log(`emailed invoice ${invoice.number} to ${invoice.email}`);
  } catch (err) {
    console.error(`could not email invoice ${invoice.number}: ${err.message}; back to the queue`);
    await putBack(invoice).catch(() => {});
    await sleep(IDLE_MS);
  }
}
