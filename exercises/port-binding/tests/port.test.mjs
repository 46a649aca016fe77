import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { check, startApp, freePort } from '../kit.mjs';

// The port the starter hard-codes. A correct fix may still use it as a default when PORT is unset,
// but must never touch it when PORT is given.
const FIXED_PORT = 8080;
const READY_WITHIN_MS = 1500;

// A short excerpt of what the app printed: the error line if there is one, else the last words.
function printed(app) {
  const all = `${app.stdout}\n${app.stderr}`.trim();
  if (!all) return ' It printed nothing.';
  const error = /^.*\b\w*Error\b.*$/m.exec(app.stderr);
  const text = error ? error[0].trim() : all.length > 160 ? `…${all.slice(-160)}` : all;
  return ` It printed: "${text}"`;
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

// Starts the app with PORT set to `port` and waits (briefly) until that port accepts connections.
async function startOn(port) {
  const fixedWasFree = port !== FIXED_PORT && !(await canConnect(FIXED_PORT));
  const app = await startApp({ port: false, env: { PORT: String(port) } });
  let exit;
  app.exited.then((info) => { exit = info; });
  const started = Date.now();
  let fixedSeenAt;
  while (Date.now() - started < READY_WITHIN_MS) {
    if (exit) {
      assert.fail(`Started with PORT=${port}, the app exited (code ${exit.code ?? exit.signal}) before answering.${printed(app)}`);
    }
    if (await canConnect(port)) return { app, get exit() { return exit; } };
    if (fixedWasFree && fixedSeenAt === undefined && (await canConnect(FIXED_PORT))) fixedSeenAt = Date.now();
    if (fixedSeenAt !== undefined && Date.now() - fixedSeenAt > 500) {
      assert.fail(`Started with PORT=${port}, the app opened port ${FIXED_PORT} instead and nothing answers on ${port}.${printed(app)}`);
    }
    await delay(25);
  }
  assert.fail(`Started with PORT=${port}, nothing accepted connections on port ${port} after ${READY_WITHIN_MS / 1000} s.${printed(app)}`);
}

async function get(port, path) {
  let res;
  try {
    res = await fetch(`http://127.0.0.1:${port}${path}`);
  } catch (err) {
    assert.fail(`GET ${path} on port ${port} failed: ${err.cause?.code ?? err.message}`);
  }
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, json, text };
}

// Occupies a port like another program would. Resolves to a close() function, or null if the port is
// already taken by someone else (which serves the test just as well).
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
  await startOn(port);
  const res = await get(port, '/books');
  assert.equal(res.status, 200, `GET /books on port ${port} answered ${res.status}, expected 200`);
});

check('two copies run side by side, each on its own PORT', {
  hint: 'Scaling out on one machine means several copies of the same code at once. Is there anything every copy tries to claim for itself?',
}, async () => {
  const [portA, portB] = [await freePort(), await freePort()];
  const [a, b] = await Promise.all([startOn(portA), startOn(portB)]);
  for (const port of [portA, portB]) {
    const res = await get(port, '/books');
    assert.equal(res.status, 200, `GET /books on port ${port} answered ${res.status}, expected 200`);
  }
  await delay(150);
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
    await delay(150);
    assert.equal(copy.exit, undefined,
      `with port ${FIXED_PORT} busy, the app started with PORT=${port} stopped (code ${copy.exit?.code ?? copy.exit?.signal}).${printed(copy.app)}`);
    const res = await get(port, '/health');
    assert.equal(res.status, 200, `GET /health on port ${port} answered ${res.status}, expected 200`);
  } finally {
    await release?.();
  }
});

check(`leaves port ${FIXED_PORT} alone when PORT says otherwise`, {
  hint: 'A process bound to a port nobody assigned to it blocks whatever the platform puts there next. Count the servers your app opens.',
}, async () => {
  const probe = await occupy(FIXED_PORT);
  if (!probe) return; // someone else holds the port right now, so it cannot be checked here
  await probe();
  const port = await freePort();
  const { app } = await startOn(port);
  await delay(100);
  const again = await occupy(FIXED_PORT);
  if (again) return again();
  // Busy now: make sure it is this app holding it, not some other program that just started.
  await app.stop();
  const afterStop = await occupy(FIXED_PORT);
  if (!afterStop) return;
  await afterStop();
  assert.fail(`while running with PORT=${port}, the app also held port ${FIXED_PORT}, which was free before it started`);
});

check('links in responses lead back to the copy that sent them', {
  hint: 'Follow the "next" link a page gives you. Where does it take you when this copy was started on a port of the platform\'s choosing?',
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
