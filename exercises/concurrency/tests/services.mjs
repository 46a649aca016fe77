// The backing services the checks stand in for: the job queue and the mail service documented in the starter's
// dev/services.js. Every request they record, and every exit of a worker (noteExit), wakes the checks waiting in
// waitUntil, so a wait ends the moment its outcome is decided instead of on the next tick of a poll.
import { startFakeService } from '../kit.mjs';

const waiters = new Set();
export function changed() {
  for (const wake of [...waiters]) wake();
}

async function readBody(req) {
  if (req.body !== undefined) return String(req.body);
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

// Routes by path suffix, so a QUEUE_URL joined with or without a trailing slash works. Counts what it was asked:
// `emptyTakes` are takes answered 204, what an idle worker's poll gets; `pushedAt` the time of each push.
async function startQueue() {
  const waiting = [];
  const pushedAt = [];
  let taken = 0;
  let emptyTakes = 0;
  let nextId = 1;
  const service = await startFakeService(async (req, res) => {
    const path = new URL(req.url, 'http://queue').pathname.replace(/\/+$/, '');
    if (req.method === 'POST' && path.endsWith('/jobs/take')) {
      const job = waiting.shift();
      if (!job) {
        emptyTakes += 1;
        changed();
        return res.writeHead(204).end();
      }
      taken += 1;
      changed();
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(job));
    }
    if (req.method === 'POST' && path.endsWith('/jobs')) {
      let job;
      try { job = JSON.parse(await readBody(req)); } catch { return res.writeHead(400).end('job must be JSON'); }
      const id = `job-${nextId++}`;
      waiting.push({ id, job });
      pushedAt.push(Date.now());
      changed();
      return res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    }
    res.writeHead(404).end();
  });
  return {
    url: service.url,
    pushedAt,
    get waiting() { return waiting.length; },
    get pushed() { return pushedAt.length; },
    get taken() { return taken; },
    get emptyTakes() { return emptyTakes; },
  };
}

// Records each email when it arrives (with its time) and answers after delayMs, like a mail service that takes
// a moment per message: a worker is then still waiting for the answer while its email already counts as sent.
async function startMailer(delayMs = 0) {
  const messages = [];
  const service = await startFakeService(async (req, res) => {
    if (req.method !== 'POST') return res.writeHead(405).end();
    const text = await readBody(req);
    let mail;
    try { mail = JSON.parse(text); } catch { mail = { raw: text }; }
    messages.push({ ...mail, receivedAt: Date.now() });
    changed();
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    res.writeHead(202).end();
  });
  return { url: service.url, messages };
}

/** A fresh job queue and mail service; `mailDelayMs` slows the mail service's answers. */
export async function services({ mailDelayMs = 0 } = {}) {
  const [queue, mailer] = await Promise.all([startQueue(), startMailer(mailDelayMs)]);
  return { queue, mailer };
}

// Resolves true as soon as condition() holds (checked whenever a fake service records a request or a worker
// exits), or false once ms have passed without it.
export async function waitUntil(condition, ms) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, left);
      waiters.add(wake);
    });
  }
  return true;
}
