import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { canConnect, check, startApp, freePort, httpFetch } from '../kit.mjs';

// The port the starter hard-codes. A correct fix may still use it as a default when PORT is unset,
// but must never touch it when PORT is given.
const FIXED_PORT = 8080;
const READY_WITHIN_MS = 1500;
// How long an app that opened FIXED_PORT gets to open PORT too before "it opened 8080 instead" is the verdict.
// Without an answer on FIXED_PORT this is a plain wait. Once something answered HTTP there and the app has
// printed on stdout (most apps print a line when they are ready; a slow but correct app has not yet, while some
// other program may hold 8080; an app that crashed prints on stderr), the app's start-up code, including every
// listen() it makes synchronously or in a listen callback, has run, so a short margin for a listen() that waits
// on a host-name lookup is enough (such a listen lands within a few ms of the app's first answer).
const FIXED_GRACE_MS = 500;
const FIXED_GRACE_AFTER_ANSWER_MS = 50;
// After an app answered on PORT its start-up code has run; only a listen() that waits on a host-name lookup can
// still open a second port, and it lands within a few ms of the answer (50 ms above). The checks that must prove
// "no second port" wait this long for it; an exit ends the wait at once.
const LATE_LISTEN_MS = 75;

// Port 8080 is one fixed resource for the whole file, so the checks are scheduled around it: the ones that need
// it free and to themselves (the first, "leaves 8080 alone", the links) run alone (serial); "two copies" and
// "8080 busy" may run side by side, because a copy that goes for 8080 fails both whoever holds it. While this
// file itself holds 8080 (occupy), startOn must not blame the app for it: `held` counts those holds and `holds`
// numbers them, so a probe that overlapped the start of one is ignored too.
let held = 0;
let holds = 0;

// A short excerpt of what the app printed: the error line if there is one, else the last words.
function printed(app) {
  const all = `${app.stdout}\n${app.stderr}`.trim();
  if (!all) return ' It printed nothing.';
  const error = /^.*\b\w*Error\b.*$/m.exec(app.stderr);
  const text = error ? error[0].trim() : all.length > 160 ? `…${all.slice(-160)}` : all;
  return ` It printed: "${text}"`;
}

/** Whether FIXED_PORT accepts connections that this file is not itself responsible for. */
async function fixedTakenByOthers() {
  const before = holds;
  const busy = held === 0 && (await canConnect(FIXED_PORT));
  return busy && held === 0 && holds === before;
}

/** Resolves true once something on FIXED_PORT answers HTTP (any status), false if it does not. */
async function fixedAnswersHttp(ms) {
  try {
    const res = await httpFetch(`http://127.0.0.1:${FIXED_PORT}/health`, { signal: AbortSignal.timeout(ms) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

// Starts the app with PORT set to `port` and waits (briefly) until that port accepts connections.
// quick: when the app opens FIXED_PORT instead, decide as soon as it answers HTTP there (see FIXED_GRACE_*).
async function startOn(port, { quick = true } = {}) {
  const fixedWasFree = port !== FIXED_PORT && !(await fixedTakenByOthers()) && held === 0;
  const app = await startApp({ port: false, env: { PORT: String(port) } });
  let exit;
  app.exited.then((info) => { exit = info; });
  const started = Date.now();
  let fixedSeenAt;
  let answeredAt;
  while (Date.now() - started < READY_WITHIN_MS) {
    if (exit) {
      assert.fail(`Started with PORT=${port}, the app exited (code ${exit.code ?? exit.signal}) before answering.${printed(app)}`);
    }
    if (await canConnect(port)) return { app, get exit() { return exit; } };
    if (fixedWasFree && fixedSeenAt === undefined && (await fixedTakenByOthers())) {
      fixedSeenAt = Date.now();
      if (quick) {
        fixedAnswersHttp(READY_WITHIN_MS).then((answered) => { if (answered) answeredAt = Date.now(); });
      }
    }
    const settled = answeredAt !== undefined && app.stdout.trim() !== ''
      && Date.now() - answeredAt > FIXED_GRACE_AFTER_ANSWER_MS;
    const opened = fixedSeenAt !== undefined && (settled || Date.now() - fixedSeenAt > FIXED_GRACE_MS);
    if (opened) {
      assert.fail(`Started with PORT=${port}, the app opened port ${FIXED_PORT} instead and nothing answers on ${port}.${printed(app)}`);
    }
    await delay(10);
  }
  assert.fail(`Started with PORT=${port}, nothing accepted connections on port ${port} after ${READY_WITHIN_MS / 1000} s.${printed(app)}`);
}

async function get(port, path) {
  let res;
  try {
    res = await httpFetch(`http://127.0.0.1:${port}${path}`);
  } catch (err) {
    assert.fail(`GET ${path} on port ${port} failed: ${err.cause?.code ?? err.message}`);
  }
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, json, text };
}

// Occupies a port like another program would. Resolves to a close() function, or null if the port is
// already taken by someone else (which serves the test just as well). Counted in `held` (see above).
function occupy(port) {
  held += 1;
  holds += 1;
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', () => {
      held -= 1;
      resolve(null);
    });
    server.listen(port, () => resolve(() => new Promise((r) => server.close(() => {
      held -= 1;
      r();
    }))));
  });
}

function collectUrls(value, found = []) {
  if (typeof value === 'string' && /^https?:\/\//i.test(value)) found.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectUrls(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectUrls(v, found));
  return found;
}

// Serial: an app that goes for 8080 must find it free (see `held` above), so this check gets 8080 to itself.
check('listens on the port given in PORT', {
  hint: 'A platform chooses the port, not the app. Where does a process read what its environment tells it?',
  serial: true,
}, async () => {
  const port = await freePort();
  await startOn(port);
  const res = await get(port, '/books');
  assert.equal(res.status, 200, `GET /books on port ${port} answered ${res.status}, expected 200`);
});

check('two copies run side by side, each on its own PORT', {
  hint: 'Scaling out on one machine means several copies of the same code at once. Is there anything every copy tries to claim for itself?',
}, async () => {
  const [portA, portB] = [await freePort(), await freePort()];
  // Not quick: a copy that opened 8080 waits out the grace, so the copy that lost 8080 to it reports first.
  const [a, b] = await Promise.all([startOn(portA, { quick: false }), startOn(portB, { quick: false })]);
  for (const port of [portA, portB]) {
    const res = await get(port, '/books');
    assert.equal(res.status, 200, `GET /books on port ${port} answered ${res.status}, expected 200`);
  }
  // Both answered, so their start-up code has run; a conflict that only shows a moment later (a listen() waiting
  // on a host-name lookup) still needs a short wait. An exit ends it at once.
  await Promise.race([delay(LATE_LISTEN_MS), a.app.exited, b.app.exited]);
  for (const [name, copy, port] of [['first', a, portA], ['second', b, portB]]) {
    assert.equal(copy.exit, undefined,
      `the ${name} copy (PORT=${port}) stopped (code ${copy.exit?.code ?? copy.exit?.signal}) while the other one was running.${printed(copy.app)}`);
  }
});

check(`keeps running when port ${FIXED_PORT} already belongs to another program`, {
  hint: `On a shared machine any port may be in use by someone else. Does your app still try to open a port nobody gave it?`,
}, async () => {
  const release = await occupy(FIXED_PORT);
  try {
    const port = await freePort();
    const copy = await startOn(port);
    // As in "two copies": a short wait for a late listen() on 8080 to fail; an exit ends it at once.
    await Promise.race([delay(LATE_LISTEN_MS), copy.app.exited]);
    assert.equal(copy.exit, undefined,
      `with port ${FIXED_PORT} busy, the app started with PORT=${port} stopped (code ${copy.exit?.code ?? copy.exit?.signal}).${printed(copy.app)}`);
    const res = await get(port, '/health');
    assert.equal(res.status, 200, `GET /health on port ${port} answered ${res.status}, expected 200`);
  } finally {
    await release?.();
  }
});

// Serial: it decides from who holds 8080, so nothing else of this file may run meanwhile.
check(`leaves port ${FIXED_PORT} alone when PORT says otherwise`, {
  hint: 'A process bound to a port nobody assigned to it blocks whatever the platform puts there next. Count the servers your app opens.',
  serial: true,
}, async () => {
  const probe = await occupy(FIXED_PORT);
  if (!probe) return; // someone else holds the port right now, so it cannot be checked here
  await probe();
  const port = await freePort();
  const { app } = await startOn(port);
  // Unavoidable short wait: there is no event for "opened no second port", and an app may open 8080 just after
  // PORT (in a listen callback, after a host-name lookup).
  await delay(LATE_LISTEN_MS);
  const again = await occupy(FIXED_PORT);
  if (again) return again();
  // Busy now: make sure it is this app holding it, not some other program that just started.
  await app.stop();
  const afterStop = await occupy(FIXED_PORT);
  if (!afterStop) return;
  await afterStop();
  assert.fail(`while running with PORT=${port}, the app also held port ${FIXED_PORT}, which was free before it started`);
});

// Serial for the same reason as the first check.
check('links in responses lead back to the copy that sent them', {
  hint: 'Follow the "next" link a page gives you. Where does it take you when this copy was started on a port of the platform\'s choosing?',
  serial: true,
}, async () => {
  const port = await freePort();
  await startOn(port);
  const page1 = await get(port, '/books?page=1');
  assert.equal(page1.status, 200, `GET /books?page=1 answered ${page1.status}, expected 200`);
  assert.ok(page1.json && typeof page1.json.next === 'string',
    `GET /books?page=1 should still give a "next" link to page 2, got ${JSON.stringify(page1.json?.next)}`);
  const base = `http://127.0.0.1:${port}`;
  const links = [page1.json.next, ...collectUrls(page1.json)];
  for (const link of links) {
    const target = new URL(link, base);
    const linkPort = target.port || (target.protocol === 'https:' ? '443' : '80');
    assert.equal(linkPort, String(port),
      `GET /books?page=1 on port ${port} returned the link ${link}, which points at port ${linkPort}`);
  }
  const next = new URL(page1.json.next, base);
  const page2 = await get(port, next.pathname + next.search);
  assert.equal(page2.status, 200, `following the "next" link (${page1.json.next}) answered ${page2.status}, expected 200`);
  assert.equal(page2.json?.page, 2, `following the "next" link (${page1.json.next}) gave page ${page2.json?.page}, expected page 2`);
});
