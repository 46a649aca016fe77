import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { canConnect, check, startApp, freePort, httpFetch } from '../kit.mjs';

// The port the starter hard-codes. A correct fix may still use it as a default when PORT is unset,
// but must never touch it when PORT is given.
const FIXED_PORT = 8080;
const READY_WITHIN_MS = 1500;
// An app that listens on another port but not (yet) on PORT gets this long to open PORT too.
const ELSEWHERE_GRACE_MS = 250;
// After an app listens on PORT its start-up code has run; only a listen() that waits on a host-name lookup can
// still open a second port, and it lands within a few ms. The checks that must prove "no second port" wait this
// long for it; an exit ends the wait at once.
const LATE_LISTEN_MS = 75;

// Every app here starts with the kit's listen report, which says which ports it asked for and listens on. So no
// check has to probe port 8080 or have it to itself: all of them run side by side, and an app that goes for
// 8080 is told so whether it got the port or found it taken by a neighbour.

// A short excerpt of what the app printed: the error line if there is one, else the last words.
function printed(app) {
  const all = `${app.stdout}\n${app.stderr}`.trim();
  if (!all) return ' It printed nothing.';
  const error = /^.*\b\w*Error\b.*$/m.exec(app.stderr);
  const text = error ? error[0].trim() : all.length > 160 ? `…${all.slice(-160)}` : all;
  return ` It printed: "${text}"`;
}

/** The ports other than `port` in a listen report ({ tried, listening }, from app.listens()). */
const others = ({ tried, listening }, port) => [...new Set([...tried, ...listening])].filter((other) => other !== port);
const portList = (ports) => `port${ports.length > 1 ? 's' : ''} ${ports.join(' and ')}`;

/**
 * Starts the app with PORT set to `port` and waits until it listens there. Fails at once when it exits first,
 * and when it listens elsewhere but still not on PORT after ELSEWHERE_GRACE_MS. A listen the report cannot see
 * (in a cluster worker) still counts once the port accepts connections.
 */
async function startOn(port) {
  const app = await startApp({ port: false, env: { PORT: String(port) }, listenReport: true });
  let exit;
  app.exited.then((info) => { exit = info; });
  const running = { app, port, get exit() { return exit; } };
  const started = Date.now();
  let elsewhereAt;
  let probedAt = 0;
  for (;;) {
    const seen = app.listens(); // one read of the report per turn
    if (seen.listening.includes(port)) return running;
    const elsewhere = others(seen, port);
    if (exit) {
      const how = `exited (code ${exit.code ?? exit.signal})`;
      if (elsewhere.length > 0 && !seen.tried.includes(port)) {
        assert.fail(`Started with PORT=${port}, the app went for ${portList(elsewhere)} instead and ${how}.${printed(app)}`);
      }
      assert.fail(`Started with PORT=${port}, the app ${how} before listening on it.${printed(app)}`);
    }
    if (Date.now() - probedAt >= 50) {
      probedAt = Date.now();
      if (await canConnect(port)) return running;
    }
    if (elsewhere.length > 0) {
      elsewhereAt ??= Date.now();
      if (Date.now() - elsewhereAt > ELSEWHERE_GRACE_MS) {
        assert.fail(`Started with PORT=${port}, the app listens on ${portList(elsewhere)} instead, and nothing on ${port}.${printed(app)}`);
      }
    }
    if (Date.now() - started > READY_WITHIN_MS) {
      assert.fail(`Started with PORT=${port}, nothing accepted connections on port ${port} after ${READY_WITHIN_MS / 1000} s.${printed(app)}`);
    }
    await delay(10);
  }
}

/** Waits LATE_LISTEN_MS for a late second listen (see above); an exit ends the wait. */
function lateListens(...copies) {
  return Promise.race([delay(LATE_LISTEN_MS), ...copies.map((copy) => copy.app.exited)]);
}

/** GET path from a copy started by startOn; a failure says what became of the app. */
async function get(copy, path) {
  const { app, port } = copy;
  let res;
  try {
    res = await httpFetch(`http://127.0.0.1:${port}${path}`);
  } catch (err) {
    await Promise.race([app.exited, delay(50)]);
    const stopped = copy.exit ? ` The app had stopped (code ${copy.exit.code ?? copy.exit.signal}).` : '';
    const elsewhere = others(app.listens(), port);
    const also = elsewhere.length > 0 ? ` Besides PORT it went for ${portList(elsewhere)}.` : '';
    assert.fail(`GET ${path} on port ${port} failed: ${err.cause?.code ?? err.message}.${stopped}${also}${stopped ? printed(app) : ''}`);
  }
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, json, text };
}

// Occupies a port like another program would. Resolves to a close() function, or null if the port is already
// taken (by another program, or by an app of a neighbouring check), which serves the test just as well.
function occupy(port) {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', () => resolve(null));
    server.listen(port, () => resolve(() => new Promise((r) => server.close(() => r()))));
  });
}

function collectUrls(value, found = []) {
  if (typeof value === 'string' && /^https?:\/\//i.test(value)) found.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectUrls(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectUrls(v, found));
  return found;
}

check('listens on the port given in PORT', {
  hint: 'A platform chooses the port, not the app. Where does a process read what its environment tells it?',
}, async () => {
  const port = await freePort();
  const copy = await startOn(port);
  const res = await get(copy, '/books');
  assert.equal(res.status, 200, `GET /books on port ${port} answered ${res.status}, expected 200`);
});

check('two copies run side by side, each on its own PORT', {
  hint: 'Scaling out on one machine means several copies of the same code at once. Is there anything every copy tries to claim for itself?',
}, async () => {
  const [portA, portB] = [await freePort(), await freePort()];
  const [a, b] = await Promise.all([startOn(portA), startOn(portB)]);
  for (const copy of [a, b]) {
    const res = await get(copy, '/books');
    assert.equal(res.status, 200, `GET /books on port ${copy.port} answered ${res.status}, expected 200`);
  }
  await lateListens(a, b);
  for (const [name, copy, port] of [['first', a, portA], ['second', b, portB]]) {
    const elsewhere = others(copy.app.listens(), port);
    const also = elsewhere.length > 0 ? ` It also went for ${portList(elsewhere)}.` : '';
    assert.equal(copy.exit, undefined,
      `the ${name} copy (PORT=${port}) stopped (code ${copy.exit?.code ?? copy.exit?.signal}) while the other one was running.${also}${printed(copy.app)}`);
  }
});

check(`keeps running when port ${FIXED_PORT} already belongs to another program`, {
  hint: `On a shared machine any port may be in use by someone else. Does your app still try to open a port nobody gave it?`,
}, async () => {
  const release = await occupy(FIXED_PORT);
  try {
    const port = await freePort();
    const copy = await startOn(port);
    await lateListens(copy);
    assert.equal(copy.exit, undefined,
      `with port ${FIXED_PORT} busy, the app started with PORT=${port} stopped (code ${copy.exit?.code ?? copy.exit?.signal}).${printed(copy.app)}`);
    const res = await get(copy, '/health');
    assert.equal(res.status, 200, `GET /health on port ${port} answered ${res.status}, expected 200`);
  } finally {
    await release?.();
  }
});

check(`leaves port ${FIXED_PORT} alone when PORT says otherwise`, {
  hint: 'A process bound to a port nobody assigned to it blocks whatever the platform puts there next. Count the servers your app opens.',
}, async () => {
  const port = await freePort();
  const copy = await startOn(port);
  await lateListens(copy);
  const elsewhere = others(copy.app.listens(), port);
  assert.deepEqual(elsewhere, [],
    `while running with PORT=${port}, the app also went for ${portList(elsewhere)}; expected it to listen on ${port} only`);
});

check('links in responses lead back to the copy that sent them', {
  hint: 'Follow the "next" link a page gives you. Where does it take you when this copy was started on a port of the platform\'s choosing?',
}, async () => {
  const port = await freePort();
  const copy = await startOn(port);
  const page1 = await get(copy, '/books?page=1');
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
  const page2 = await get(copy, next.pathname + next.search);
  assert.equal(page2.status, 200, `following the "next" link (${page1.json.next}) answered ${page2.status}, expected 200`);
  assert.equal(page2.json?.page, 2, `following the "next" link (${page1.json.next}) gave page ${page2.json?.page}, expected page 2`);
});
