import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appDir, appFileExists, check, startApp, startFakeService } from '../kit.mjs';

// The brief fixes the event format: one JSON object per line on stdout, with `time`, `level` and `msg`,
// and for a request also `method`, `path` and `status`. Common spellings of the same fields
// (timestamp, message, url, statusCode) are accepted too: the point is structure, not naming taste.

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

const field = (event, ...names) => names.map((name) => event[name]).find((value) => value !== undefined);

function pathOf(event) {
  const value = field(event, 'path', 'url');
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value, 'http://app.local').pathname;
  } catch {
    return value;
  }
}

function isRequestEvent(event, method, pathname, status) {
  return String(field(event, 'method') ?? '').toUpperCase() === method
    && pathOf(event) === pathname
    && Number(field(event, 'status', 'statusCode')) === status;
}

function isErrorEvent(event) {
  const level = field(event, 'level', 'severity');
  if (typeof level === 'number') return level >= 50; // pino/bunyan-style numeric levels
  return typeof level === 'string' && /^(error|err|fatal|critical|crit|alert|emergency)$/i.test(level.trim());
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
  if (String(field(event, 'method') ?? '').toUpperCase() !== method) problems.push(`"method" is ${JSON.stringify(field(event, 'method'))}`);
  if (pathOf(event) !== pathname) problems.push(`"path" is ${JSON.stringify(field(event, 'path', 'url'))}`);
  if (Number(field(event, 'status', 'statusCode')) !== status) problems.push(`"status" is ${JSON.stringify(field(event, 'status', 'statusCode'))}`);
  return `After ${request} the JSON line ${quote(jsonLine)} has ${problems.join(', ')}; expected ${expected}.`;
}

async function expectRequestLogged(app, method, pathname, init = {}) {
  const res = await app.fetch(pathname, { method, ...init });
  await res.arrayBuffer();
  const found = await waitForEvent(app, (event) => isRequestEvent(event, method, pathname, res.status));
  assert.ok(found, explainMissingRequest(app, method, pathname, res.status));
  return res.status;
}

// "Writes no log files" compares the files of the app's folder before and after, but the apps of the other
// checks run at the same time in the learner's folder. So that check runs its app in a copy of its own, made
// here, before any app of this file has started: it holds what the learner wrote and nothing an app wrote.
// node_modules is linked, not copied. If the copy cannot be made, the check falls back to the learner's folder.
// The other checks only read their own app's output (each on its own free port), so no check here is serial.
const SKIPPED_DIRS = new Set(['node_modules', '.grading', '.git']);
let ownFolder;
try {
  const folder = mkdtempSync(path.join(tmpdir(), 'logs-files-'));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  cpSync(appDir, folder, { recursive: true, filter: (src) => src === appDir || !SKIPPED_DIRS.has(path.basename(src)) });
  if (appFileExists('node_modules')) symlinkSync(path.join(appDir, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
  ownFolder = folder;
} catch {
  // ownFolder stays undefined
}

/** Size and modification time of every file under root (node_modules, .grading and .git excluded). */
function snapshotFiles(root, dir = root, files = new Map()) {
  let entries = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // vanished while walking
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) snapshotFiles(root, full, files);
    } else if (entry.isFile()) {
      try {
        const stat = statSync(full);
        files.set(path.relative(root, full).split(path.sep).join('/'), `${stat.size}:${stat.mtimeMs}`);
      } catch {
        // vanished between listing and stat
      }
    }
  }
  return files;
}

function changedFiles(root, before) {
  const changes = [];
  for (const [rel, now] of snapshotFiles(root)) {
    if (!before.has(rel)) changes.push(`created ${rel} (${now.split(':')[0]} bytes)`);
    else if (before.get(rel) !== now) changes.push(`wrote to ${rel}`);
  }
  return changes;
}

async function failingPaymentProvider() {
  return startFakeService((req, res) => {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'maintenance' }));
  });
}

check('Logs: every request is one JSON event on stdout', {
  hint: 'Look at what happens when a request finishes. Where does that record go today, and could a platform that only collects stdout ever see it?',
}, async () => {
  const app = await startApp();
  await expectRequestLogged(app, 'GET', '/invoices');
  await expectRequestLogged(app, 'GET', '/invoices/INV-1003');
  await expectRequestLogged(app, 'GET', '/invoices/INV-4040');
  await expectRequestLogged(app, 'POST', '/invoices/INV-1002/pay');
});

check('Logs: every line on stdout is a JSON event with time, level and msg', {
  hint: 'Log collectors split the stream at newlines and parse each line on its own. Is there any line your app prints, from the very first one onwards, that a JSON parser would choke on?',
}, async () => {
  const app = await startApp();
  for (const target of ['/health', '/invoices']) {
    const res = await app.fetch(target);
    await res.arrayBuffer();
  }
  // Wait for the request to be logged, unless a line that is not JSON already settles the verdict.
  await waitFor(app, () => events(app.stdout).some((event) => pathOf(event) === '/invoices')
    || !completeLines(app.stdout).every((line) => parseLine(line)), 1000);
  const lines = completeLines(app.stdout);
  assert.ok(lines.length > 0,
    'After starting and answering GET /health and GET /invoices the app printed nothing on stdout; expected one JSON line per event.');
  lines.forEach((line, index) => {
    const where = `Line ${index + 1} on stdout`;
    const event = parseLine(line);
    assert.ok(event, `${where} is not a JSON object: ${quote(line)}. Expected every line on stdout to be one JSON object.`);
    const time = field(event, 'time', 'timestamp');
    const ms = typeof time === 'number' ? time : Date.parse(time);
    assert.ok(Number.isFinite(ms) && Math.abs(Date.now() - ms) < 10 * 60_000,
      `${where} has ${time === undefined ? 'no "time" field' : `"time": ${JSON.stringify(time)}, which is not the current time`}: ${quote(line)}. Expected "time" with when the event happened (e.g. an ISO 8601 string).`);
    const level = field(event, 'level');
    assert.ok((typeof level === 'string' && level.trim() !== '') || typeof level === 'number',
      `${where} has no "level" field: ${quote(line)}. Expected e.g. "level": "info".`);
    const msg = field(event, 'msg', 'message');
    assert.ok(typeof msg === 'string' && msg.trim() !== '',
      `${where} has no "msg" field: ${quote(line)}. Expected a short text saying what happened.`);
  });
});

check('Logs: the app writes no log files', {
  hint: 'Routing, storing and rotating logs is the job of whatever runs the process. Which parts of the code only exist because the app manages a file of its own?',
}, async () => {
  const payments = await failingPaymentProvider();
  const root = ownFolder ?? appDir;
  const before = snapshotFiles(root);
  const app = await startApp({ env: { PAYMENTS_URL: payments.url }, cwd: root });
  try {
    // The failed payment comes first: a file written only for errors then has the other requests' time to appear.
    for (const [method, target] of [['POST', '/invoices/INV-1001/pay'], ['GET', '/invoices/INV-4040'], ['GET', '/invoices'], ['GET', '/health']]) {
      const res = await app.fetch(target, { method });
      await res.arrayBuffer();
    }
    // Unavoidable short wait: there is no event for "wrote nothing". A file written asynchronously (a stream, a
    // callback) lands within milliseconds of the response, and the first three requests' writes have had the
    // later requests' time already; this bounds the chance the last one gets, and a change ends it.
    const deadline = Date.now() + 50;
    let changes = changedFiles(root, before);
    while (changes.length === 0 && Date.now() < deadline) {
      await delay(10);
      changes = changedFiles(root, before);
    }
    assert.deepEqual(changes, [],
      `While answering 4 requests the app ${changes.join(', ')} in its folder. Expected no files at all: the events belong on stdout, and the platform decides where they are kept.`);
  } finally {
    if (root === ownFolder) {
      await app.stop();
      rmSync(ownFolder, { recursive: true, force: true });
    }
  }
});

check('Logs: a failed payment is logged as an error event', {
  hint: 'When the payment provider is down, someone on call needs to find out from the log stream alone. What would they search for, and at what level?',
}, async () => {
  const payments = await failingPaymentProvider();
  const app = await startApp({ env: { PAYMENTS_URL: payments.url } });
  const res = await app.fetch('/invoices/INV-1001/pay', { method: 'POST' });
  await res.arrayBuffer();
  assert.ok(payments.requests.length > 0,
    `POST /invoices/INV-1001/pay answered ${res.status} without calling the payment provider at PAYMENTS_URL; expected the app to try to charge the invoice.`);
  assert.ok(res.status >= 500,
    `POST /invoices/INV-1001/pay answered ${res.status} although the payment provider answered 503; expected the failure to reach the client as a 5xx status.`);
  const both = { streams: ['stdout', 'stderr'] };
  const errorEvent = await waitForEvent(app, isErrorEvent, both);
  assert.ok(errorEvent,
    `The payment provider answered 503, but no JSON line with "level": "error" appeared on stdout or stderr; ${lastLines(app.stdout)}.`);
  const aboutInvoice = await waitForEvent(app, (event) => isErrorEvent(event) && JSON.stringify(event).includes('INV-1001'), { ...both, ms: 200 });
  assert.ok(aboutInvoice,
    `The error event ${quote(JSON.stringify(errorEvent))} does not say which invoice failed; expected INV-1001 somewhere in it.`);
});
