import { sendInvoiceEmail } from './mailer.js';

// Take one job at a time from the queue; schedule the next look with setTimeout so the loop never stacks.
export function startWorker(queueUrl, { idleMs = 300 } = {}) {
  let timer;
  const tick = async () => {
    let delay = 0;
    try {
      const res = await fetch(new URL('jobs/take', queueUrl.endsWith('/') ? queueUrl : `${queueUrl}/`), { method: 'POST' });
      if (res.status === 204) {
        delay = idleMs;
      } else if (res.ok) {
        const { id, job } = await res.json();
        await sendInvoiceEmail(job).catch(async (err) => {
          console.error(`job ${id}: ${err.message}; requeued`);
          await fetch(`${queueUrl.replace(/\/$/, '')}/jobs`, { method: 'POST', body: JSON.stringify(job) });
          delay = idleMs;
        });
      } else {
        delay = idleMs;
      }
    } catch (err) {
      console.error(`queue unreachable: ${err.message}`);
      delay = idleMs;
    }
    timer = setTimeout(tick, delay);
  };
  tick();
  process.once('SIGTERM', () => {
    clearTimeout(timer);
    process.exit(0);
  });
}
