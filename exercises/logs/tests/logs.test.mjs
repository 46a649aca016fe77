import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { appCopy, check, httpFetch, startApp, startFakeService, watchWrites } from '../kit.mjs';

// The brief fixes the event format: one JSON object per line on stdout with `time`, `level` and `msg`, and for a
// request also `method`, `path` and `status` — those names, as the brief spells them (a collector's queries
// and dashboards are written against field names). `time` may be any representation of the moment: an ISO 8601
// string or a number of milliseconds or seconds since the epoch.
// Each check runs under another NODE_ENV (unset, production, development): a fix that only holds in one of them
// fails. The invoices the app knows are the starter's: two open ones (both are paid, so an error event that
// names a fixed invoice fails), one paid; the unknown invoice asked for is fresh each grade.

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const OPEN_INVOICES = ['INV-1001', 'INV-1003'];
const PAID_INVOICE = 'INV-1002';
const unknownInvoice = () => `INV-${randomInt(2000, 9999)}`;
const shuffled = (list) => list.map((item) => [Math.random(), item]).sort(([a], [b]) => a - b).map(([, item]) => item);

function parseLine(line) {
  try {
    const value = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Complete lines (followed by a newline) of a stream, without blank ones. */
function completeLines(text) {
  const lines = text.split('\n');
  lines.pop();
  return lines.map((line) => line.replace(/\r$/, '')).filter((line) => line.trim() !== '');
}

const events = (text) => completeLines(text).map(parseLine).filter(Boolean);

/** The request's path as logged: `path` as the brief names it (a query string after it is fine). */
function pathOf(event) {
  const value = event.path;
  return typeof value === 'string' ? value.split('?')[0] : undefined;
}

function isRequestEvent(event, method, pathname, status) {
  return String(event.method ?? '').toUpperCase() === method
    && pathOf(event) === pathname
    && Number(event.status) === status;
}

function isErrorEvent(event) {
  const level = event.level;
  if (typeof level === 'number') return level >= 50; // pino/bunyan-style numeric levels
  return typeof level === 'string' && /^(error|err|fatal|critical|crit|alert|emergency)$/i.test(level.trim());
}

/** Milliseconds since the epoch for a `time` value, or NaN: ISO (or any date) strings, ms or s numbers. */
function timeOf(value) {
  if (typeof value === 'number') return Math.abs(Date.now() - value) < Math.abs(Date.now() - value * 1000) ? value : value * 1000;
  if (typeof value === 'string' && value.trim() !== '') return Date.parse(value);
  return Number.NaN;
}

function quote(line, max = 140) {
  const text = line.length > max ? `${line.slice(0, max)}…` : line;
  return `\`${text}\``;
}

function lastLines(text, count = 3) {
  const lines = completeLines(text);
  if (lines.length === 0) return 'stdout is empty';
  return `last line${lines.length > 1 ? 's' : ''} on stdout: ${lines.slice(-count).map((line) => quote(line)).join(', ')}`;
}

// How long an app that has already printed something may stay silent before we stop waiting for an event.
// Loggers write a request's line when the response is sent, so it is there as the answer arrives; this is the
// margin for a logger that writes a little later (batched, via a worker), not a time the app must meet.
const QUIET_MS = 250;

/**
 * Polls until found() returns something, and returns it; undefined after ms, or earlier once the app, having
 * printed at least once, has printed nothing at all (on either stream) for QUIET_MS: it answered and went quiet,
 * so the event is not coming. An app that has printed nothing yet gets the whole ms (its logger may still be
 * starting). Polling is cheap and a match ends it at once.
 */
async function waitFor(app, found, ms) {
  const started = Date.now();
  let size = -1;
  let quietSince = started;
  for (;;) {
    const value = found();
    if (value) return value;
    const now = Date.now();
    const printed = app.stdout.length + app.stderr.length;
    if (printed !== size) {
      size = printed;
      quietSince = now;
    }
    if (now - started >= ms || (printed > 0 && now - quietSince >= QUIET_MS)) return undefined;
    await delay(10);
  }
}

/** Polls what the app printed until predicate finds an event (see waitFor for when it gives up). */
function waitForEvent(app, predicate, { ms = 1000, streams = ['stdout'] } = {}) {
  return waitFor(app, () => streams.flatMap((stream) => events(app[stream])).find(predicate), ms);
}

/** Explains, as precisely as possible, why no event matched a request. */
function explainMissingRequest(app, method, pathname, status) {
  const request = `${method} ${pathname} (answered ${status})`;
  const mentioning = completeLines(app.stdout).filter((line) => line.includes(pathname));
  const expected = `a JSON line with "method": "${method}", "path": "${pathname}" and "status": ${status}`;
  if (mentioning.length === 0) {
    return `After ${request} nothing on stdout mentioned ${pathname}; expected ${expected}. The ${lastLines(app.stdout)}.`;
  }
  const jsonLine = mentioning.find((line) => parseLine(line));
  if (!jsonLine) {
    return `After ${request} stdout had ${quote(mentioning[0])}, which is not a JSON object; expected ${expected}.`;
  }
  const event = parseLine(jsonLine);
  const problems = [];
  const has = (name) => (event[name] === undefined ? `no "${name}" field` : `"${name}": ${JSON.stringify(event[name])}`);
  if (String(event.method ?? '').toUpperCase() !== method) problems.push(has('method'));
  if (pathOf(event) !== pathname) problems.push(has('path'));
  if (Number(event.status) !== status) problems.push(has('status'));
  return `After ${request} the JSON line ${quote(jsonLine)} has ${problems.join(', ')}; expected ${expected}.`;
}

async function expectRequestLogged(app, method, pathname) {
  const res = await app.fetch(pathname, { method });
  await res.arrayBuffer();
  const found = await waitForEvent(app, (event) => isRequestEvent(event, method, pathname, res.status));
  assert.ok(found, explainMissingRequest(app, method, pathname, res.status));
  return res.status;
}

/** A payment provider that is down: every charge is answered 503. */
async function failingPaymentProvider() {
  return startFakeService((req, res) => {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'maintenance' }));
  });
}

/** Requests that touch every path of the app: health, lists, one invoice, an unknown one, failed payments. */
function everyKindOfRequest() {
  return shuffled([
    ['GET', '/health'],
    ['GET', '/invoices'],
    ['GET', `/invoices/${OPEN_INVOICES[randomInt(2)]}`],
    ['GET', `/invoices/${unknownInvoice()}`],
    ['POST', `/invoices/${PAID_INVOICE}/pay`],
    ...OPEN_INVOICES.map((id) => ['POST', `/invoices/${id}/pay`]),
  ]);
}

async function send(base, method, target) {
  const res = await httpFetch(new URL(target, base), { method });
  await res.arrayBuffer();
  return res.status;
}

check('Logs: every request is one JSON event on stdout', {
  hint: 'Look at what happens when a request finishes. Where does that record go today, and could a platform that only collects stdout ever see it, field by field?',
}, async () => {
  const app = await startApp({ env: { NODE_ENV: undefined } });
  const requests = shuffled([
    ['GET', '/health'],
    ['GET', '/invoices'],
    ['GET', `/invoices/${OPEN_INVOICES[randomInt(2)]}`],
    ['GET', `/invoices/${unknownInvoice()}`],
    ['POST', `/invoices/${PAID_INVOICE}/pay`],
  ]);
  for (const [method, target] of requests) await expectRequestLogged(app, method, target);
});

check('Logs: every line on stdout is a JSON event with time, level and msg', {
  hint: 'Log collectors split the stream at newlines and parse each line on its own. Is there any line your app prints, from the very first one onwards and also when something fails, that a JSON parser would choke on?',
}, async () => {
  const payments = await failingPaymentProvider();
  const app = await startApp({ env: { NODE_ENV: 'production', PAYMENTS_URL: payments.url } });
  const requests = everyKindOfRequest();
  for (const [method, target] of requests) await send(app.url, method, target);
  // Wait for the last request to be logged, unless a line that is not JSON already settles the verdict.
  const [lastMethod, lastTarget] = requests.at(-1);
  await waitFor(app, () => events(app.stdout).some((event) => event.method === lastMethod && pathOf(event) === lastTarget)
    || !completeLines(app.stdout).every((line) => parseLine(line)), 1000);
  const lines = completeLines(app.stdout);
  assert.ok(lines.length > 0,
    `After starting and answering ${requests.length} requests the app printed nothing on stdout; expected one JSON line per event.`);
  lines.forEach((line, index) => {
    const where = `Line ${index + 1} on stdout`;
    const event = parseLine(line);
    assert.ok(event, `${where} is not a JSON object: ${quote(line)}. Expected every line on stdout, also those printed when a payment fails, to be one JSON object.`);
    const ms = timeOf(event.time);
    assert.ok(Number.isFinite(ms) && Math.abs(Date.now() - ms) < 10 * 60_000,
      `${where} has ${event.time === undefined ? 'no "time" field' : `"time": ${JSON.stringify(event.time)}, which is not the current time`}: ${quote(line)}. Expected "time" with when the event happened (e.g. an ISO 8601 string).`);
    const level = event.level;
    assert.ok((typeof level === 'string' && level.trim() !== '') || typeof level === 'number',
      `${where} has no "level" field: ${quote(line)}. Expected e.g. "level": "info".`);
    assert.ok(typeof event.msg === 'string' && event.msg.trim() !== '',
      `${where} has no "msg" field: ${quote(line)}. Expected "msg" with a short text saying what happened.`);
  });
});

/**
 * Starts the app in a copy of its own, without PORT (as `npm start` on a laptop would), and finds the port it
 * chose from the listen report. Undefined when it refuses to start without PORT, which is fine here.
 */
async function startWithoutPort(copy, env) {
  const app = await startApp({ cwd: copy.dir, env: { ...copy.env, ...env, PORT: undefined }, port: false, listenReport: true });
  let exited = false;
  app.exited.then(() => { exited = true; });
  for (const until = Date.now() + 2000; Date.now() < until && !exited;) {
    const [port] = app.listens().listening;
    if (port) return { app, url: `http://127.0.0.1:${port}` };
    await delay(20);
  }
  return { app, url: undefined };
}

check('Logs: the app writes no log files', {
  hint: 'Routing, storing and rotating logs is the job of whatever runs the process. Which parts of the code only exist because the app keeps a file of its own, wherever that file is?',
}, async () => {
  const payments = await failingPaymentProvider();
  // Three runs in folders of their own, each watched wherever an app can write (its folder, ../, node_modules,
  // os.tmpdir() and HOME): without PORT and NODE_ENV as on a laptop, and in development and production.
  const runs = [
    { label: 'started without PORT or NODE_ENV', env: { NODE_ENV: undefined }, withoutPort: true },
    { label: 'started with NODE_ENV=development', env: { NODE_ENV: 'development' } },
    { label: 'started with NODE_ENV=production', env: { NODE_ENV: 'production' } },
  ];
  const results = await Promise.all(runs.map(async (run) => {
    const copy = appCopy();
    const watch = watchWrites(copy);
    const env = { ...run.env, PAYMENTS_URL: payments.url };
    const { app, url } = run.withoutPort
      ? await startWithoutPort(copy, env)
      : await startApp({ cwd: copy.dir, env: { ...copy.env, ...env } }).then((started) => ({ app: started, url: started.url }));
    // The failed payments come first: a file written only for errors then has the other requests' time to appear.
    const requests = everyKindOfRequest().sort(([a], [b]) => (a === 'POST' ? -1 : 0) - (b === 'POST' ? -1 : 0));
    if (url) for (const [method, target] of requests) await send(url, method, target);
    return { run, app, watch, requests: url ? requests.length : 0 };
  }));
  // Unavoidable short wait: there is no event for "wrote nothing". A file written asynchronously (a stream, a
  // callback) lands within milliseconds of the response, and the first requests' writes have had the later
  // requests' time already; this bounds the chance the last one gets, and a change ends it.
  const deadline = Date.now() + 50;
  let found;
  do {
    found = results.map((result) => ({ ...result, changes: result.watch.changes() })).find((result) => result.changes.length > 0);
    if (!found) await delay(10);
  } while (!found && Date.now() < deadline);
  if (found) {
    const { run, changes, requests } = found;
    assert.fail(`${run.label}, while ${requests ? `answering ${requests} requests` : 'starting'} the app ${changes.slice(0, 4).join(', ')}${changes.length > 4 ? ` and ${changes.length - 4} more` : ''}. Expected no files at all, anywhere: the events belong on stdout, and the platform decides where they are kept.`);
  }
});

check('Logs: a failed payment is logged as an error event', {
  hint: 'When the payment provider is down, someone on call needs to find out from the log stream alone. What would they search for, and at what level?',
}, async () => {
  const payments = await failingPaymentProvider();
  const app = await startApp({ env: { NODE_ENV: 'development', PAYMENTS_URL: payments.url } });
  const both = { streams: ['stdout', 'stderr'] };
  for (const invoice of shuffled(OPEN_INVOICES)) {
    const target = `/invoices/${invoice}/pay`;
    const calls = payments.requests.length;
    const status = await send(app.url, 'POST', target);
    assert.ok(payments.requests.length > calls,
      `POST ${target} answered ${status} without calling the payment provider at PAYMENTS_URL; expected the app to try to charge the invoice.`);
    assert.ok(status >= 500,
      `POST ${target} answered ${status} although the payment provider answered 503; expected the failure to reach the client as a 5xx status.`);
    const aboutInvoice = await waitForEvent(app, (event) => isErrorEvent(event) && JSON.stringify(event).includes(invoice), both);
    if (aboutInvoice) continue;
    const errorEvent = await waitForEvent(app, isErrorEvent, { ...both, ms: 100 });
    assert.ok(errorEvent,
      `After POST ${target} failed (the payment provider answered 503), no JSON line with "level": "error" appeared on stdout or stderr; ${lastLines(app.stdout)}.`);
    assert.fail(`After POST ${target} failed, the error events on stdout and stderr did not say which invoice failed (${quote(JSON.stringify(errorEvent))}); expected ${invoice} in the event about it.`);
  }
});
