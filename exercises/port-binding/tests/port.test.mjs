import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { randomBytes, randomInt } from 'node:crypto';
import { appCopy, canConnect, check, startApp, freePort, httpFetch } from '../kit.mjs';

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
 * (in a cluster worker) still counts once the port accepts connections. `machine` (an appCopy()) starts it in
 * that folder with that temp folder and HOME, so copies given the same one share a machine's disk; `extraEnv`
 * adds variables (NODE_ENV).
 */
async function startOn(port, machine, extraEnv = {}) {
  const env = { ...machine?.env, ...extraEnv, PORT: String(port) };
  const where = machine ? { cwd: machine.dir, env } : { env };
  const app = await startApp({ port: false, ...where, listenReport: true });
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

/** GET path from a copy started by startOn (with `headers`, e.g. a Host); a failure says what became of the app. */
async function get(copy, path, headers = {}) {
  const { app, port } = copy;
  let res;
  try {
    res = await httpFetch(`http://127.0.0.1:${port}${path}`, { headers });
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

// Keys whose string values are links, whatever they look like; elsewhere a string is a link when it is a URL or
// an absolute path. Relative links are fine: a client resolves them against the address it called.
const LINK_KEYS = /^(next|prev|previous|first|last|self|href|url|link|links)$/i;

/** Every link in a response body, with the key it was under. */
function linksIn(value, key = '', found = []) {
  if (typeof value === 'string') {
    if (LINK_KEYS.test(key) || /^(https?:)?\/\//i.test(value) || value.startsWith('/')) found.push(value);
  } else if (Array.isArray(value)) value.forEach((item) => linksIn(item, key, found));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => linksIn(v, k, found));
  return found;
}

/** A public name the platform's router might give this copy, fresh each grade. */
function routerHost() {
  const name = ['shelfmark', 'catalogue', 'library-api', 'books'][randomInt(4)];
  const domain = ['apps.example.net', 'run.example.com', 'example.org'][randomInt(3)];
  return `${name}-${randomBytes(3).toString('hex')}.${domain}`;
}

/**
 * Asks a copy for page 1 as `client` sees it ({ origin, headers, how }) and checks that every link in the answer
 * leads back to that origin, then follows the "next" link and the first book's link on the copy.
 */
async function checkLinks(copy, client) {
  const asked = new URL('/books?page=1', client.origin);
  const page1 = await get(copy, '/books?page=1', client.headers);
  assert.equal(page1.status, 200, `GET /books?page=1 ${client.how} answered ${page1.status}, expected 200`);
  assert.ok(page1.json && typeof page1.json.next === 'string',
    `GET /books?page=1 should still give a "next" link to page 2, got ${JSON.stringify(page1.json?.next)}`);
  for (const link of linksIn(page1.json)) {
    let target;
    try {
      target = new URL(link, asked);
    } catch {
      assert.fail(`GET /books?page=1 ${client.how} returned the link ${JSON.stringify(link)}, which is not a URL`);
    }
    assert.equal(target.origin, client.origin,
      `A client that reached this copy ${client.how} asked for /books?page=1 and got the link ${link}, which leads to ${target.origin} instead`);
  }
  const follow = async (link, what) => {
    const target = new URL(link, asked);
    const res = await get(copy, target.pathname + target.search, client.headers);
    assert.equal(res.status, 200, `following ${what} (${link}) ${client.how} answered ${res.status}, expected 200`);
    return res;
  };
  const page2 = await follow(page1.json.next, 'the "next" link');
  assert.equal(page2.json?.page, 2, `following the "next" link (${page1.json.next}) gave page ${page2.json?.page}, expected page 2`);
  const first = Array.isArray(page1.json.books) ? page1.json.books[0] : undefined;
  const [bookLink] = linksIn(first ?? {});
  if (bookLink !== undefined) {
    const book = await follow(bookLink, 'the first book\'s link');
    assert.equal(book.json?.id, first.id,
      `following the first book's link (${bookLink}) gave ${JSON.stringify(book.json?.title ?? book.json)}, expected "${first.title}"`);
  }
}

check('listens on the port given in PORT', {
  hint: 'A platform chooses the port, not the app. Where does a process read what its environment tells it?',
}, async () => {
  // Platforms start apps with NODE_ENV unset, development or production alike: PORT must count under each.
  const modes = [undefined, 'development', 'production'];
  const ports = [];
  for (const _ of modes) ports.push(await freePort());
  const results = await Promise.allSettled(modes.map(async (mode, i) => {
    const copy = await startOn(ports[i], undefined, { NODE_ENV: mode });
    const res = await get(copy, '/books');
    assert.equal(res.status, 200, `GET /books on port ${ports[i]} answered ${res.status}, expected 200`);
  }));
  const failed = results.findIndex((result) => result.status === 'rejected');
  if (failed === -1) return;
  // Name NODE_ENV only when it made the difference.
  if (results.every((result) => result.status === 'rejected')) throw results[0].reason;
  const mode = modes[failed];
  assert.fail(`${mode === undefined ? 'With NODE_ENV unset' : `With NODE_ENV=${mode}`} (the other values worked): ${results[failed].reason.message}`);
});

check('two copies run side by side, each on its own PORT', {
  hint: 'Scaling out on one machine means several copies of the same code at once, from the same folder, sharing the same disk. Is there anything every copy tries to claim for itself?',
}, async () => {
  // One machine: both copies start from the same folder, with the same temp folder and HOME. The second starts
  // once the first is serving, as a platform adding a copy would.
  const machine = appCopy();
  const [portA, portB] = [await freePort(), await freePort()];
  const a = await startOn(portA, machine);
  let b;
  try {
    b = await startOn(portB, machine);
  } catch (error) {
    // What the app printed may name the check's folders; the learner knows them as its folder and temp folder.
    const message = error.message.replaceAll(machine.env.TMPDIR, '$TMPDIR').replaceAll(machine.dir, '.');
    assert.fail(`A first copy was already running on port ${portA}, from the same folder on the same machine. ${message}`);
  }
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
  hint: 'A client seldom calls a copy at the port it listens on: the platform\'s router forwards a public name to it. What does each request tell you about the address its client used?',
}, async () => {
  const port = await freePort();
  const copy = await startOn(port);
  // A client that came through the router, whose request names the public host it used (the copy cannot know
  // that name but from the request), then one on the same machine calling the port directly.
  const host = routerHost();
  await checkLinks(copy, { origin: `http://${host}`, headers: { host }, how: `through the platform's router as http://${host} (its Host header)` });
  await checkLinks(copy, { origin: `http://127.0.0.1:${port}`, headers: {}, how: `directly at 127.0.0.1:${port}` });
});
