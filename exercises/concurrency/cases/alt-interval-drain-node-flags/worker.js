import { sendInvoiceEmail } from './mailer.js';

// The worker process type. Every 200 ms, if not already busy, drain the queue until it answers 204.
const queue = (process.env.QUEUE_URL ?? '').replace(/\/+$/, '');
if (!queue) throw new Error('QUEUE_URL is not set');

let busy = false;

async function drain() {
  if (busy) return;
  busy = true;
  try {
    for (;;) {
      const res = await fetch(`${queue}/jobs/take`, { method: 'POST' });
      if (res.status !== 200) break;
      const { id, job } = await res.json();
      try {
        await sendInvoiceEmail(job);
        console.log(`job ${id}: emailed invoice ${job.number}`);
      } catch (err) {
        console.error(`job ${id}: ${err.message}, queued again`);
        await fetch(`${queue}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(job) });
        break;
      }
    }
  } catch (err) {
    console.error(`queue: ${err.message}`);
  } finally {
    busy = false;
  }
}

const timer = setInterval(drain, 200);
process.on('SIGTERM', () => {
  clearInterval(timer);
  const stop = () => (busy ? setTimeout(stop, 20) : process.exit(0));
  stop();
});
console.log('worker ready');
