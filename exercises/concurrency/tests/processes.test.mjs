import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { appDir, check, freePort, startApp } from '../kit.mjs';
import { processType } from './procfile.mjs';
import { changed, services, waitUntil } from './services.mjs';

// How soon a worker that sits idle must pick up a new job: the brief says "within about a second".
const PICKUP_MS = 2000;

const expand = (args, vars) => args.map((a) => a.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, name) => vars[name] ?? m));

// Starts one process of a Procfile type with the backing services' addresses in its environment.
async function start(type, svc, extraEnv = {}) {
  const { env, args } = processType(type);
  const vars = { QUEUE_URL: svc.queue.url, MAILER_URL: svc.mailer.url };
  if (type === 'web') {
    const port = await freePort();
    vars.PORT = String(port);
    return startApp({ port, args: expand(args, vars), env: { ...env, ...extraEnv, ...vars } });
  }
  const proc = await startApp({ port: false, args: expand(args, vars), env: { ...env, ...extraEnv, ...vars } });
  proc.exited.then((info) => {
    proc.exitInfo = info;
    changed();
  });
  return proc;
}

// Customers are made up afresh each grade, so no address or amount can be special-cased.
const grade = randomBytes(2).toString('hex');
const NAMES = ['ada', 'grace', 'linus', 'margaret', 'alan', 'barbara', 'edsger', 'frances', 'ken', 'radia', 'dennis', 'hedy'];
const DOMAINS = ['example.com', 'example.org', 'example.net'];
let customerCount = 0;
function customer() {
  customerCount += 1;
  return `${NAMES[randomInt(NAMES.length)]}.${grade}${customerCount}@${DOMAINS[randomInt(DOMAINS.length)]}`;
}

async function postInvoice(web, email = customer()) {
  const amount = randomInt(1_000, 100_000) / 100;
  const res = await web.fetch('/invoices', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, amount }),
  });
  const text = await res.text();
  assert.ok(res.status >= 200 && res.status < 300,
    `POST /invoices for ${email} answered ${res.status}, expected 202 (body: ${text.slice(0, 120)})`);
  let number;
  try { number = JSON.parse(text).number; } catch { number = undefined; }
  return { email, number };
}

async function postInvoices(web, count) {
  const invoices = [];
  for (let i = 0; i < count; i++) invoices.push(await postInvoice(web));
  return invoices;
}

/** Why a process stopped, in its own words: the error line it printed (e.g. a package it cannot find). */
function exitedMessage(name, proc) {
  const info = proc.exitInfo;
  const error = /^.*\b\w*Error\b.*$/m.exec(proc.stderr)?.[0].trim();
  const said = error ?? `${proc.stdout}\n${proc.stderr}`.replace(/\s+/g, ' ').trim().slice(-160);
  // Paths in a stack name the grading folder; the learner knows its files by their own names.
  const text = said.replaceAll(`${appDir}/`, '').replaceAll(appDir, '.');
  const how = error ? 'crashed' : 'stopped';
  return `${name} ${how} (code ${info.code ?? info.signal}) instead of staying up to wait for jobs${text ? `; it printed: "${text}"` : ''}`;
}

function assertWorkersUp(workers) {
  for (const [i, w] of workers.entries()) {
    if (w.exitInfo) assert.fail(exitedMessage(workers.length > 1 ? `worker ${i + 1}` : 'the worker', w));
  }
}

const hasDuplicates = (mailer) => new Set(mailer.messages.map((m) => m.to)).size < mailer.messages.length;

function assertNoDuplicates(mailer, context = '') {
  const counts = new Map();
  for (const m of mailer.messages) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([to, n]) => `${to} (${n}×)`);
  assert.equal(twice.length, 0, `${context}some customers got their invoice more than once: ${twice.join(', ')}`);
}

const reached = (mailer, email) => mailer.messages.some((m) => m.to === email);

// Waits until every invoice's customer got an email, then checks they came through the queue.
async function expectMailsFor(svc, invoices, workers, ms, what = `${invoices.length} invoices were queued, but`) {
  const { mailer, queue } = svc;
  await waitUntil(() => invoices.every((i) => reached(mailer, i.email)) || workers.every((w) => w.exitInfo), ms);
  const missing = invoices.filter((i) => !reached(mailer, i.email));
  if (missing.length > 0) {
    assertWorkersUp(workers);
    const recipients = mailer.messages.map((m) => m.to);
    assert.fail(`${what} within ${ms / 1000} s no email reached ${missing.map((i) => i.email).join(', ')}` +
      (recipients.length ? ` (emails went to: ${recipients.join(', ')})` : ' (the mail service received nothing)'));
  }
  for (const { email, number } of invoices) {
    if (number) {
      assert.ok(mailer.messages.some((m) => m.to === email && JSON.stringify(m).includes(number)),
        `the email to ${email} does not mention its invoice number ${number}`);
    }
  }
  assertNoDuplicates(mailer);
  assert.ok(queue.taken >= invoices.length,
    `the emails were sent, but only ${queue.taken} of ${invoices.length} jobs were ever taken from the job queue: the sending did not go through the queue and the worker`);
}

// ---------- tests ----------

check('the Procfile declares a web and a worker process type', {
  hint: 'The platform only runs what the Procfile names. How many kinds of work does this app do, and does each kind have a line?',
}, async () => {
  const web = processType('web');
  const worker = processType('worker');
  assert.notDeepEqual({ ...worker.env, args: worker.args }, { ...web.env, args: web.args },
    'the "web" and "worker" process types run exactly the same command, so the worker would be one more web server');
});

check('a web process on its own only queues invoices', {
  hint: 'With no worker running, an invoice should sit in the queue. What in the web process still sends email on its own, or keeps the invoice to itself?',
}, async () => {
  // Platforms start web processes with NODE_ENV unset, development or production: none of them may send.
  const modes = [undefined, 'development', 'production'];
  const runs = await Promise.all(modes.map(async (mode) => {
    const svc = await services();
    const web = await start('web', svc, { NODE_ENV: mode });
    await postInvoice(web);
    await postInvoice(web);
    return { mode, svc, web };
  }));
  const under = (mode) => (mode === undefined ? '' : ` (NODE_ENV=${mode})`);
  const anySent = () => runs.some(({ svc }) => svc.mailer.messages.length > 0 || svc.queue.taken > 0);
  // Usually both jobs are there already; a web process may also hand an invoice over just after answering. One
  // that emails an invoice itself has shown that it does not (only) queue them: no need to wait any longer.
  await waitUntil(() => runs.every(({ svc }) => svc.queue.pushed >= 2) || anySent(), 500);
  for (const { mode, svc } of runs) {
    assert.equal(svc.queue.pushed, 2,
      `after 2 invoices were posted to a web process${under(mode)}, the job queue at QUEUE_URL received ${svc.queue.pushed} jobs; the web process should hand each invoice to the queue`);
  }
  // Nothing announces that the web process will never send: an outbox timer left in it (the starter's fires every
  // 250 ms) only shows when it fires. So watch for one such period plus time for its email to arrive (a first
  // fetch alone can take 0.3 s on a busy machine); the wait ends at once if an email is sent or a job is taken.
  const windowMs = 800;
  await waitUntil(anySent, windowMs);
  for (const { mode, svc, web } of runs) {
    assert.equal(svc.mailer.messages.length, 0,
      `with only the web process running${under(mode)}, ${svc.mailer.messages.length} email(s) were sent within ${windowMs / 1000} s; sending is the worker's job`);
    assert.equal(svc.queue.taken, 0,
      `with only the web process running${under(mode)}, jobs were taken off the queue; taking jobs is the worker's job`);
    const health = await web.fetch('/health');
    assert.equal(health.status, 200, `GET /health answered ${health.status}, expected 200`);
  }
});

check('a worker process sends the queued invoices', {
  hint: 'Start the worker type by hand next to the web process and leave it running. Does it find the jobs the web process queued, and how long does a new one wait before it goes out?',
}, async () => {
  const svc = await services();
  const web = await start('web', svc);
  const invoices = await postInvoices(web, 3);
  const worker = await start('worker', svc);
  await expectMailsFor(svc, invoices, [worker], 3000, `${invoices.length} invoices were queued, but after starting the worker`);
  assert.equal(svc.queue.waiting, 0, `the worker sent the emails but left ${svc.queue.waiting} job(s) in the queue`);
  // The backlog is done; once the worker has found the queue empty it is idle, and a new invoice must go out
  // within about a second of reaching the queue.
  const idleAfter = svc.queue.emptyTakes;
  const idle = await waitUntil(() => svc.queue.emptyTakes > idleAfter || Boolean(worker.exitInfo), PICKUP_MS);
  assertWorkersUp([worker]);
  assert.ok(idle, `after sending the queued invoices, the worker did not ask the queue for more within ${PICKUP_MS / 1000} s; new jobs should be picked up within about a second`);
  const late = await postInvoice(web);
  const queuedAt = svc.queue.pushedAt.at(-1) ?? Date.now();
  await expectMailsFor(svc, [late], [worker], PICKUP_MS, 'an invoice was queued while the worker sat idle, but');
  const waited = svc.mailer.messages.find((m) => m.to === late.email).receivedAt - queuedAt;
  assert.ok(waited <= PICKUP_MS, `an invoice queued while the worker sat idle was emailed only after ${(waited / 1000).toFixed(1)} s; new jobs should be picked up within about a second`);
});

check('two workers share the queue and never send an invoice twice', {
  hint: 'Several workers drain one queue at the same time. How does a worker make sure a job it is handling cannot also be handled by another worker?',
}, async () => {
  const svc = await services();
  const web = await start('web', svc);
  const workers = await Promise.all([start('worker', svc), start('worker', svc)]);
  const invoices = await postInvoices(web, 8);
  await expectMailsFor(svc, invoices, workers, 3000);
  // A late second copy, or a worker that quits once the queue is empty, announces nothing until it happens: watch
  // for about one idle poll of a worker loop (ends at once if either shows; shorter than the web-only check's wait).
  await waitUntil(() => hasDuplicates(svc.mailer) || workers.some((w) => w.exitInfo), 300);
  assertNoDuplicates(svc.mailer, 'with two workers running, ');
  assertWorkersUp(workers);
});

check('queued invoices wait for a worker even if the web process is gone', {
  hint: 'Processes come and go. If the web process that accepted an invoice is replaced before any worker runs, where is that invoice?',
}, async () => {
  const svc = await services();
  const web = await start('web', svc);
  const invoices = await postInvoices(web, 2);
  await web.stop();
  const worker = await start('worker', svc);
  await expectMailsFor(svc, invoices, [worker], 3000, `${invoices.length} invoices were queued, but after starting the worker`);
});

check('a worker that is stopped leaves the invoices it has not sent in the queue', {
  hint: 'The platform stops and replaces workers whenever it likes. When a worker is stopped halfway through a backlog, where are the invoices it has not sent yet?',
}, async () => {
  // A mail service that answers after 150 ms, so the first worker is stopped (SIGTERM, as a platform does) while
  // it is still sending its first email; whatever it took besides must still be in the queue for the next one.
  const svc = await services({ mailDelayMs: 150 });
  const web = await start('web', svc);
  const invoices = await postInvoices(web, 6);
  const first = await start('worker', svc);
  await waitUntil(() => svc.mailer.messages.length > 0 || Boolean(first.exitInfo), 2500);
  assertWorkersUp([first]);
  assert.ok(svc.mailer.messages.length > 0, 'the first worker sent no email within 2.5 s of starting, with 6 invoices queued');
  first.kill('SIGTERM');
  // A worker may finish the email it is sending; one that does not stop within a second is stopped for good.
  const stopped = await Promise.race([first.exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
  if (!stopped) await first.stop();
  const sentByFirst = svc.mailer.messages.length;
  const takenByFirst = svc.queue.taken;
  // One invoice may have been between the queue and the mail service at that moment; more than that were held.
  const held = Math.max(0, takenByFirst - sentByFirst);
  assert.ok(held <= 1,
    `a worker stopped while sending its first email had taken ${takenByFirst} of the 6 queued invoices but sent ${sentByFirst}: ${held} invoices left the queue with it and are lost. Expected the invoices it has not sent to wait in the queue for the next worker`);
  const next = await start('worker', svc);
  const rest = invoices.filter((i) => !reached(svc.mailer, i.email));
  // The one invoice that may have been in flight when the first worker stopped is allowed to be gone.
  const due = rest.length - held;
  const sent = () => rest.filter((i) => reached(svc.mailer, i.email)).length;
  await waitUntil(() => sent() >= due || Boolean(next.exitInfo), 2500);
  assertWorkersUp([next]);
  const missing = rest.filter((i) => !reached(svc.mailer, i.email));
  assert.ok(missing.length <= held,
    `after the first worker was stopped, ${rest.length} invoices were still to send, but within 2.5 s of starting a new worker no email reached ${missing.map((i) => i.email).join(', ')}`);
  assertNoDuplicates(svc.mailer);
});
