import { setTimeout as sleep } from 'node:timers/promises';
import { take, enqueue } from './queue.js';
import { sendInvoiceEmail } from './mailer.js';

const IDLE_WAIT_MS = 250;
let running = true;
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => { running = false; });

console.log('tallybook worker waiting for jobs');
while (running) {
  let job;
  try {
    job = await take();
  } catch (err) {
    console.error(`queue unavailable: ${err.message}`);
    await sleep(1000);
    continue;
  }
  if (!job) {
    await sleep(IDLE_WAIT_MS);
    continue;
  }
  const { invoice } = job;
  try {
    await sendInvoiceEmail(invoice);
    console.log(`emailed invoice ${invoice.number} to ${invoice.email}`);
  } catch (err) {
    console.error(`could not email invoice ${invoice.number}, will retry: ${err.message}`);
    await enqueue(job).catch((e) => console.error(`lost invoice ${invoice.number}: ${e.message}`));
    await sleep(1000);
  }
}
console.log('tallybook worker stopped');
