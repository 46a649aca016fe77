import assert from 'node:assert/strict';
import { check, startApp, startFakeService, freePort, readAppFile, appFileExists } from '../kit.mjs';

// ---------- backing services the tests stand in for ----------

// Every request a fake service records, and every exit of a worker, wakes the checks waiting in waitUntil, so a
// wait ends the moment its outcome is decided instead of on the next tick of a poll.
const waiters = new Set();
function changed() {
  for (const wake of [...waiters]) wake();
}

async function readBody(req) {
  if (req.body !== undefined) return String(req.body);
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

// The job queue documented in the starter's dev/services.js. Routes by path suffix, so a QUEUE_URL
// joined with or without a trailing slash works.
async function startQueue() {
  const waiting = [];
  let pushed = 0;
  let taken = 0;
  let nextId = 1;
  const service = await startFakeService(async (req, res) => {
    const path = new URL(req.url, 'http://queue').pathname.replace(/\/+$/, '');
    if (req.method === 'POST' && path.endsWith('/jobs/take')) {
      const job = waiting.shift();
      if (!job) return res.writeHead(204).end();
      taken += 1;
      changed();
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(job));
    }
    if (req.method === 'POST' && path.endsWith('/jobs')) {
      let job;
      try { job = JSON.parse(await readBody(req)); } catch { return res.writeHead(400).end('job must be JSON'); }
      const id = `job-${nextId++}`;
      waiting.push({ id, job });
      pushed += 1;
      changed();
      return res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    }
    res.writeHead(404).end();
  });
  return {
    url: service.url,
    get waiting() { return waiting.length; },
    get pushed() { return pushed; },
    get taken() { return taken; },
  };
}

async function startMailer() {
  const messages = [];
  const service = await startFakeService(async (req, res) => {
    if (req.method !== 'POST') return res.writeHead(405).end();
    const text = await readBody(req);
    let mail;
    try { mail = JSON.parse(text); } catch { mail = { raw: text }; }
    messages.push(mail);
    changed();
    res.writeHead(202).end();
  });
  return { url: service.url, messages };
}

// ---------- the Procfile ----------

function unquote(word) {
  return word.replace(/^(['"])(.*)\1$/, '$2');
}

// Turns one Procfile command into what startApp needs: extra env and node's arguments.
// Understands `[VAR=value ...] [exec] node <args>` and `npm start` / `npm run <script>`.
async function parseCommand(type, command, depth = 0) {
  if (/[;&|<>`]|\$\(/.test(command)) {
    return { error: `the "${type}" command (${command}) uses shell operators; start a single process with "node …"` };
  }
  const words = command.trim().split(/\s+/).filter(Boolean).map(unquote);
  const env = {};
  while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
    const word = words.shift();
    env[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
  }
  if (words[0] === 'exec') words.shift();
  if (words[0] === 'npm' && depth === 0) {
    const script = words[1] === 'start' ? 'start' : (words[1] === 'run' || words[1] === 'run-script') ? words[2] : undefined;
    const pkg = JSON.parse(await readAppFile('package.json'));
    const body = script && pkg.scripts?.[script];
    if (!body) return { error: `the "${type}" command (${command}) runs an npm script that package.json does not define` };
    const inner = await parseCommand(type, body, depth + 1);
    return inner.error ? inner : { env: { ...env, ...inner.env }, args: inner.args };
  }
  if (!words.length || !/(^|\/)node$/.test(words[0])) {
    return { error: `the "${type}" command (${command}) should start the process with "node …"` };
  }
  const args = words.slice(1);
  const script = args.find((a) => !a.startsWith('-'));
  if (!script) return { error: `the "${type}" command (${command}) names no file for node to run` };
  if (!(await appFileExists(script))) return { error: `the "${type}" command runs ${script}, but there is no such file` };
  return { env, args };
}

async function readProcfile() {
  if (!(await appFileExists('Procfile'))) return { types: {}, missing: true };
  const types = {};
  for (const raw of (await readAppFile('Procfile')).split(/\r?\n/)) {
    const match = /^\s*([A-Za-z0-9_-]+)\s*:\s*(.+?)\s*$/.exec(raw);
    if (match && !raw.trim().startsWith('#')) types[match[1]] = match[2];
  }
  return { types };
}

async function processType(type) {
  const { types, missing } = await readProcfile();
  if (missing) assert.fail('there is no Procfile in your project, so the platform does not know which processes to run');
  if (!types[type]) {
    assert.fail(`the Procfile declares ${Object.keys(types).map((t) => `"${t}"`).join(' and ') || 'no process types'}, but no "${type}" process type`);
  }
  const parsed = await parseCommand(type, types[type]);
  if (parsed.error) assert.fail(parsed.error);
  return parsed;
}

const expand = (args, vars) => args.map((a) => a.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, name) => vars[name] ?? m));

// Starts one process of a Procfile type with the backing services' addresses in its environment.
async function start(type, services) {
  const { env, args } = await processType(type);
  const vars = { QUEUE_URL: services.queue.url, MAILER_URL: services.mailer.url };
  if (type === 'web') {
    const port = await freePort();
    vars.PORT = String(port);
    return startApp({ port, args: expand(args, vars), env: { ...env, ...vars } });
  }
  const proc = await startApp({ port: false, args: expand(args, vars), env: { ...env, ...vars } });
  proc.exited.then((info) => {
    proc.exitInfo = info;
    changed();
  });
  return proc;
}

async function services() {
  const [queue, mailer] = await Promise.all([startQueue(), startMailer()]);
  return { queue, mailer };
}

let invoiceCount = 0;
async function postInvoice(web, email) {
  const amount = 40 + (invoiceCount++ % 7) * 12.5;
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

// Resolves true as soon as condition() holds (checked whenever a fake service records a request or a worker
// exits), or false once ms have passed without it.
async function waitUntil(condition, ms) {
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

function exitedMessage(name, proc) {
  const info = proc.exitInfo;
  const said = `${proc.stdout}\n${proc.stderr}`.replace(/\s+/g, ' ').trim();
  return `${name} stopped (code ${info.code ?? info.signal}) instead of staying up to wait for jobs${said ? `; it printed: "${said.slice(-160)}"` : ''}`;
}

const hasDuplicates = (mailer) => new Set(mailer.messages.map((m) => m.to)).size < mailer.messages.length;

function assertNoDuplicates(mailer, context = '') {
  const counts = new Map();
  for (const m of mailer.messages) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([to, n]) => `${to} (${n}×)`);
  assert.equal(twice.length, 0, `${context}some customers got their invoice more than once: ${twice.join(', ')}`);
}

// Waits until every invoice's customer got an email, then checks they came through the queue.
async function expectMailsFor(svc, invoices, workers, ms) {
  const { mailer, queue } = svc;
  const reached = (email) => mailer.messages.some((m) => m.to === email);
  await waitUntil(() => invoices.every((i) => reached(i.email)) || workers.every((w) => w.exitInfo), ms);
  const missing = invoices.filter((i) => !reached(i.email));
  if (missing.length > 0) {
    for (const [i, w] of workers.entries()) {
      if (w.exitInfo) assert.fail(exitedMessage(workers.length > 1 ? `worker ${i + 1}` : 'the worker', w));
    }
    const recipients = mailer.messages.map((m) => m.to);
    assert.fail(`${invoices.length} invoices were queued, but within ${ms / 1000} s of starting the worker no email reached ${missing.map((i) => i.email).join(', ')}` +
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
  const web = await processType('web');
  const worker = await processType('worker');
  assert.notDeepEqual({ ...worker.env, args: worker.args }, { ...web.env, args: web.args },
    'the "web" and "worker" process types run exactly the same command, so the worker would be one more web server');
});

check('a web process on its own only queues invoices', {
  hint: 'With no worker running, an invoice should sit in the queue. What in the web process still sends email on its own, or keeps the invoice to itself?',
}, async () => {
  const svc = await services();
  const web = await start('web', svc);
  await postInvoice(web, 'first.customer@example.test');
  await postInvoice(web, 'second.customer@example.test');
  // Usually both jobs are there already; a web process may also hand an invoice over just after answering. One
  // that emails an invoice itself has shown that it does not (only) queue them: no need to wait any longer.
  await waitUntil(() => svc.queue.pushed >= 2 || svc.mailer.messages.length > 0, 500);
  assert.equal(svc.queue.pushed, 2,
    `after 2 invoices were posted, the job queue at QUEUE_URL received ${svc.queue.pushed} jobs; the web process should hand each invoice to the queue`);
  // Nothing announces that the web process will never send: an outbox timer left in it (the starter's fires every
  // 250 ms) only shows when it fires. So watch for one such period plus time for its email to arrive (a first
  // fetch alone can take 0.3 s on a busy machine); the wait ends at once if an email is sent or a job is taken.
  const windowMs = 800;
  await waitUntil(() => svc.mailer.messages.length > 0 || svc.queue.taken > 0, windowMs);
  assert.equal(svc.mailer.messages.length, 0,
    `with only the web process running, ${svc.mailer.messages.length} email(s) were sent within ${windowMs / 1000} s; sending is the worker's job`);
  assert.equal(svc.queue.taken, 0,
    'with only the web process running, jobs were taken off the queue; taking jobs is the worker\'s job');
  const health = await web.fetch('/health');
  assert.equal(health.status, 200, `GET /health answered ${health.status}, expected 200`);
});

check('a worker process sends the queued invoices', {
  hint: 'Start the worker type by hand next to the web process. Does it find the jobs the web process queued, and does it send them through MAILER_URL?',
}, async () => {
  const svc = await services();
  const web = await start('web', svc);
  const invoices = [];
  for (const email of ['ada@example.test', 'grace@example.test', 'linus@example.test']) {
    invoices.push(await postInvoice(web, email));
  }
  const worker = await start('worker', svc);
  await expectMailsFor(svc, invoices, [worker], 3000);
  assert.equal(svc.queue.waiting, 0, `the worker sent the emails but left ${svc.queue.waiting} job(s) in the queue`);
});

check('two workers share the queue and never send an invoice twice', {
  hint: 'Several workers drain one queue at the same time. How does a worker make sure a job it is handling cannot also be handled by another worker?',
}, async () => {
  const svc = await services();
  const web = await start('web', svc);
  const workers = await Promise.all([start('worker', svc), start('worker', svc)]);
  const invoices = [];
  for (let i = 1; i <= 8; i++) invoices.push(await postInvoice(web, `customer${i}@example.test`));
  await expectMailsFor(svc, invoices, workers, 3000);
  // A late second copy, or a worker that quits once the queue is empty, announces nothing until it happens: watch
  // for about one idle poll of a worker loop (ends at once if either shows; shorter than the web-only check's wait).
  await waitUntil(() => hasDuplicates(svc.mailer) || workers.some((w) => w.exitInfo), 300);
  assertNoDuplicates(svc.mailer, 'with two workers running, ');
  for (const [i, w] of workers.entries()) if (w.exitInfo) assert.fail(exitedMessage(`worker ${i + 1}`, w));
});

check('queued invoices wait for a worker even if the web process is gone', {
  hint: 'Processes come and go. If the web process that accepted an invoice is replaced before any worker runs, where is that invoice?',
}, async () => {
  const svc = await services();
  const web = await start('web', svc);
  const invoices = [await postInvoice(web, 'early.bird@example.test'), await postInvoice(web, 'night.owl@example.test')];
  await web.stop();
  const worker = await start('worker', svc);
  await expectMailsFor(svc, invoices, [worker], 3000);
});
