import { setTimeout as sleep } from 'node:timers/promises';
import { JobQueue } from '../queue.js';
import { sendInvoiceEmail } from '../mailer.js';

// Three mail slots per worker process: each takes its own jobs, the queue never hands one out twice.
const SLOTS = Number(process.env.WORKER_SLOTS ?? 3);
const queue = new JobQueue();
const log = (msg, fields = {}) => console.log(JSON.stringify({ type: 'worker', pid: process.pid, msg, ...fields }));
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());

async function slot(n) {
  while (!controller.signal.aborted) {
    const item = await queue.take().catch((err) => {
      log('queue unreachable', { error: err.message });
      return null;
    });
    if (!item) {
      await sleep(200, undefined, { signal: controller.signal }).catch(() => {});
      continue;
    }
    try {
      await sendInvoiceEmail(item.job);
      log('invoice sent', { slot: n, number: item.job.number });
    } catch (err) {
      log('mail failed, requeued', { number: item.job.number, error: err.message });
      await queue.push(item.job).catch(() => {});
    }
  }
}

log('started', { slots: SLOTS });
await Promise.all(Array.from({ length: SLOTS }, (_, n) => slot(n)));
log('stopped');
