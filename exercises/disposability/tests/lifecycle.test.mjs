import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { GradingError, appCopy, check, startApp, freePort } from '../kit.mjs';

const EXPORT = '/exports/orders.csv';
const EXPORT_LINES = 241; // header + 240 orders, as served by the starter
const READY_MS = 1200; // the starter needs 1.5 s or more; a process that connects lazily needs a fraction

// One GET on a fresh connection that is closed after the response (no keep-alive pool), so that
// shutdown timing depends only on the app. Resolves once the TCP connection is up; `headers` and
// `done` settle later.
function open(port, path) {
  return new Promise((resolve, reject) => {
    const state = { status: undefined, text: '', complete: false, closed: false };
    let headersSeen;
    state.headers = new Promise((r) => { headersSeen = r; });
    state.done = new Promise((finish) => {
      const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        state.status = res.statusCode;
        headersSeen();
        res.setEncoding('utf8');
        res.on('data', (chunk) => { state.text += chunk; });
        res.on('end', () => { state.complete = true; });
        res.on('error', () => {});
        res.on('close', () => { state.closed = true; finish(state); });
      });
      req.on('socket', (socket) => socket.once('connect', () => resolve(state)));
      req.on('error', (err) => {
        state.error = err.code ?? err.message;
        state.closed = true;
        headersSeen();
        finish(state);
        reject(err);
      });
    });
  });
}

// GET /health on a fresh connection: its status, or 'refused' when no answer came (no connection, or closed).
async function probeStatus(port) {
  try {
    const r = await open(port, '/health');
    await r.done;
    if (r.error || r.status === undefined) return 'refused';
    return r.status;
  } catch {
    return 'refused';
  }
}

// A new request while the app is draining: 'refused' when it takes no new work (no connection, or a 503).
async function probe(port) {
  const status = await probeStatus(port);
  return status === 503 ? 'refused' : status;
}

// A GET whose connection stays open, idle, once it is answered, as a browser's or a load balancer's would; a
// shutdown must not wait for it. node:http, not fetch: fetch's first use costs this process tens of ms of CPU (more
// on a busy machine), right where a slow-starting app's check is already the last to finish.
const keepAlive = new http.Agent({ keepAlive: true });
function getKeptAlive(app, path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: app.port, path, agent: keepAlive }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', async (err) => {
      const exit = await within(app.exited, 100);
      const why = exit ? `the app ${describeExit(exit)}` : `the app did not answer (${err.code ?? err.message})`;
      reject(new GradingError(`GET ${path} failed: ${why}.`));
    });
  });
}

const lines = (text) => text.split('\n').filter(Boolean).length;

// Resolves to the promise's value, or undefined after `ms` (without leaving a timer behind).
async function within(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeExit(info) {
  if (info.signal) return `was ended by the ${info.signal} signal itself (no exit code), as if nothing handled it`;
  return `exited with code ${info.code}`;
}

// Starts the app, begins an export and sends `signal` while the export is in progress.
async function signalDuringExport(signal) {
  const app = await startApp();
  let exit;
  app.exited.then((info) => { exit = info; });
  const download = await open(app.port, EXPORT);
  // The connection is up; once the answer has started (or a moment has passed) the request is in the app's hands.
  // On a busy machine a moment may not be enough for the app to have read it, so also wait (300 ms at most, well
  // short of any export) until it has answered a request sent after this one: it reads connections in order.
  const later = probe(app.port);
  await within(download.headers, 100);
  if (download.status === undefined) await within(Promise.race([download.headers, later]), 200);
  if (download.status !== undefined && download.status !== 200) {
    assert.fail(`GET ${EXPORT} answered ${download.status}, expected 200`);
  }
  const sentAt = Date.now();
  app.kill(signal);
  return { app, download, sentAt, get exit() { return exit; } };
}

async function expectCompleteExport(download, signal) {
  await within(download.done, 3000);
  const got = lines(download.text);
  assert.ok(download.complete && download.status === 200 && got === EXPORT_LINES,
    download.status === undefined
      ? `the export that was in progress when ${signal} arrived got no answer at all (${download.error ?? 'connection closed'})`
      : `the export that was in progress when ${signal} arrived was cut off after ${got} of ${EXPORT_LINES} lines`);
}

// Serial: it times the start-up, and the other checks' apps booting at the same moment would compete for the
// CPU and make a correct app look slow.
check('answers its first requests quickly after starting', {
  hint: 'Measure what happens between "node server.js" and the call to listen. Does every bit of it have to be finished before the first request can be served?',
  serial: true,
}, async () => {
  const port = await freePort();
  const startedAt = Date.now();
  const app = await startApp({ port: false, env: { PORT: String(port) } });
  let exit;
  app.exited.then((info) => { exit = info; });
  let readyAt;
  let last = 'refused';
  while (Date.now() - startedAt < READY_MS) {
    if (exit) assert.fail(`the app ${describeExit(exit)} while starting`);
    last = await probeStatus(port);
    if (last === 200) { readyAt = Date.now(); break; }
    await delay(10); // a refused connection costs next to nothing; a finer poll measures the start more closely
  }
  const seen = last === 'refused' ? 'was not yet accepting connections for GET /health' : `still answered GET /health with ${last}`;
  assert.ok(readyAt, `${READY_MS / 1000} s after it was started, the app ${seen}; a disposable process serves within about a second`);
  const download = await open(port, EXPORT);
  const answered = await within(download.headers.then(() => Date.now()), 750);
  assert.ok(answered,
    `GET /health answered after ${readyAt - startedAt} ms, but the first GET ${EXPORT} then got no response for more than 0.75 s: the app took traffic before it could serve it`);
  assert.equal(download.status, 200, `the first GET ${EXPORT} answered ${download.status}, expected 200`);
});

check('finishes an export that is in progress when SIGTERM arrives', {
  hint: 'What does a Node process do with SIGTERM when no code listens for it? A request that was already accepted deserves its full answer.',
}, async () => {
  const { download } = await signalDuringExport('SIGTERM');
  await expectCompleteExport(download, 'SIGTERM');
});

check('takes no new requests after SIGTERM, while still finishing old ones', {
  hint: 'Between SIGTERM and exit the process is draining: the platform already sends new traffic elsewhere. How does a server stop accepting connections without dropping the ones it has?',
}, async () => {
  const run = await signalDuringExport('SIGTERM');
  const { download } = run;
  const deadline = run.sentAt + 1000;
  let last;
  let served = 0;
  let exportDoneAtRefusal = false;
  while (Date.now() < deadline) {
    last = await probe(run.app.port);
    if (last === 'refused') {
      exportDoneAtRefusal = download.complete;
      break;
    }
    served += 1;
    await delay(25);
  }
  // A refused connection may also mean the process has just died: give that a moment to show.
  await within(Promise.race([download.done, run.app.exited]), 100);
  if (download.closed && !download.complete) {
    await within(run.app.exited, 100);
    const how = !run.exit ? '' : run.exit.signal ? ' (ended by the signal itself)' : ` (exit code ${run.exit.code})`;
    assert.fail(run.exit
      ? `the app stopped as soon as SIGTERM arrived${how}, dropping the export in progress instead of draining`
      : 'the export in progress was cut off when SIGTERM arrived, instead of being allowed to finish');
  }
  assert.equal(last, 'refused',
    `1 s after SIGTERM, a new GET /health was still answered with ${last}; expected the connection to be refused (or a 503)`);
  assert.ok(!(exportDoneAtRefusal && served > 0),
    `after SIGTERM, new GET /health requests were still answered (${served} of them) until the export in progress had finished; a draining process takes no new work`);
  await expectCompleteExport(download, 'SIGTERM');
});

// Not serial, although it times the shutdown: the app is idle by then and its neighbours are streaming or waiting,
// which moves a correct app's exit by milliseconds against the 1.5 s allowed; running it alone would cost every
// slow-starting submission another start-up.
check('exits with code 0 soon after SIGTERM', {
  hint: 'Once nothing is left to do, the process should end by itself, and say it ended well. Which exit code means success, and what could keep the event loop alive?',
}, async () => {
  // A deploy on one machine: the new process starts next to the old one, from the same folder with the same temp
  // folder and HOME, and only then is the old one sent SIGTERM.
  const machine = appCopy();
  const where = { cwd: machine.dir, env: { ...machine.env } };
  const old = await startApp(where);
  const status = await getKeptAlive(old, '/health');
  assert.equal(status, 200, `GET /health answered ${status}, expected 200`);
  let next;
  try {
    next = await startApp(where);
  } catch (error) {
    // What the app printed may name the check's folders; the learner knows them as its folder and temp folder.
    const message = error.message.replaceAll(machine.env.TMPDIR, '$TMPDIR').replaceAll(machine.dir, '.');
    assert.fail(`during a deploy, the new process did not start next to the old one (same folder, same machine): ${message}`);
  }
  old.kill('SIGTERM');
  const info = await within(old.exited, 1500);
  assert.ok(info, 'with no request in progress, the app was still running 1.5 s after SIGTERM');
  assert.ok(info.code === 0,
    `after SIGTERM with no request in progress, the app ${describeExit(info)}; expected it to exit by itself with code 0`);
  const after = await probeStatus(next.port);
  assert.equal(after, 200, `after the old process stopped, the new one answered GET /health with ${after}, expected 200`);
});

check('shuts down just as gracefully on SIGINT (Ctrl-C)', {
  hint: 'SIGTERM is what the platform sends; SIGINT is what a terminal sends on Ctrl-C, and by default it ends a Node process just as abruptly.',
}, async () => {
  const run = await signalDuringExport('SIGINT');
  await expectCompleteExport(run.download, 'SIGINT');
  const info = await within(run.app.exited, 1000);
  assert.ok(info, 'the export finished after SIGINT, but the app was still running 1 s later');
  assert.ok(info.code === 0, `after SIGINT the app ${describeExit(info)}; expected it to exit by itself with code 0`);
});
