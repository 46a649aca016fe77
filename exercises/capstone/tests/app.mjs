// Starting the capstone app and talking to it, for capstone.test.mjs: launch() starts it in a project copy with
// PORT set and waits until it listens there, request() and customer() speak HTTP to it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { GradingError, canConnect, freePort, httpFetch, startApp } from '../kit.mjs';

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const quote = (text, max = 120) => `\`${text.length > max ? `${text.slice(0, max)}…` : text}\``;

// Set by the Port binding check, which runs first and alone: when the app does not listen on the port in PORT,
// every other check says so at once instead of each waiting for that port again.
let portIgnored;

const MAIN = 'server.js'; // "main" in exercise.json

// Ports handed to apps in this run, each only once. They come from below the range the OS picks from for port 0
// and for outgoing connections (32768 and up on Linux): the fake services and connections of the checks running
// alongside use that range, so none of them can take an app's port between choosing it and the app's listen().
const handedOut = new Set();

function isFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true))); // every address, as the app will
  });
}

async function appPort() {
  for (let tries = 0; tries < 20; tries += 1) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (!handedOut.has(port) && (await isFree(port))) {
      handedOut.add(port);
      return port;
    }
  }
  return freePort();
}

function firstLine(app) {
  return `${app.stdout}\n${app.stderr}`.split('\n').map((line) => line.trim()).find(Boolean);
}

/** Fails the check, saying why, if the Port binding check found that the app ignores PORT. */
export function assertPortBound() {
  if (portIgnored) {
    assert.fail(`Could not check this yet: ${portIgnored} Fix "Port binding" first; every other check reaches the app on the port in PORT.`);
  }
}

/**
 * Starts the app in the project copy with PORT set and waits until it listens there. An app that listens on
 * another port and still not on PORT a moment later is reported at once; one that has printed something but
 * listens nowhere 1.5 s later (or after 4 s in all) too. gate: false marks the Port binding check, whose
 * verdict the other checks then share (see portIgnored).
 * With allowExit, an app that exits before listening resolves to undefined instead of failing the check.
 */
export async function launch(project, env, options = {}) {
  // The port is free when chosen, but another program may still take it before the app does. The app then fails
  // with EADDRINUSE on it, which is not its fault, so it is started again on another.
  for (let attempt = 1; ; attempt += 1) {
    const running = await launchOnce(project, env, options, attempt < 3);
    if (running !== PORT_TAKEN) return running;
  }
}

const PORT_TAKEN = Symbol('port taken');

async function launchOnce(project, env, { gate = true, allowExit = false } = {}, mayRetry = false) {
  if (gate) assertPortBound();
  if (!existsSync(path.join(project, MAIN))) throw new GradingError(`Could not start the app: there is no ${MAIN} in your project.`);
  const port = await appPort();
  const app = await startApp({
    port: false,
    cwd: project,
    args: [MAIN],
    env: { ...env, PORT: String(port) },
    listenReport: true, // which ports it asks for and listens on (the kit's listen-report.cjs)
  });
  let exit;
  app.exited.then((value) => { exit = value; });
  const started = Date.now();
  let printedAt;
  let elsewhereAt;
  let graceMs;
  let unconfirmedAt;
  let probedAt = 0;
  for (;;) {
    const { tried, listening } = app.listens();
    // Reading the report is cheap; a connection attempt less so (and the machine is busy starting apps): try
    // one as soon as the report says the app listens on PORT, else every 50 ms for apps it cannot see.
    const probe = listening.includes(port) || Date.now() - probedAt >= 50;
    if (probe) probedAt = Date.now();
    if (probe && (await canConnect(port))) {
      if (listening.includes(port)) break;
      // Something answers on PORT, but the app has not listened there: another program holds the port (the app
      // will fail on it and is started again), or the app listens where the preload cannot see (in a cluster
      // worker or a child process), which gets 500 ms before it is believed.
      unconfirmedAt ??= Date.now();
      if (Date.now() - unconfirmedAt > 500) break;
    }
    const now = Date.now();
    const elsewhere = [...new Set([...tried, ...listening])].filter((other) => other !== port);
    const where = `port ${elsewhere.join(' and ')}`;
    let ignored;
    if (exit) {
      if (mayRetry && /EADDRINUSE/.test(app.stderr) && app.stderr.includes(`:${port}`)) return PORT_TAKEN;
      if (allowExit) return undefined;
      if (elsewhere.length === 0 || tried.includes(port)) {
        const how = exit.signal ? `was stopped by ${exit.signal}` : `exited with code ${exit.code}`;
        const said = firstLine(app);
        assert.fail(`The app ${how} before it listened on PORT=${port}.${said ? ` It printed: ${quote(said)}` : ''}`);
      }
      const taken = /EADDRINUSE/.test(app.stderr) ? ', which another program on this machine was using,' : '';
      ignored = `the app tried to listen on ${where}${taken} but not on the port given in PORT (${port}).`;
    } else {
      if (elsewhere.length > 0 && elsewhereAt === undefined) {
        // It listens, but elsewhere. Only an app that opens a second server later could still pass, so it gets
        // as long again as it took to get here (at least 250 ms): short, and longer on a busy machine.
        elsewhereAt = now;
        graceMs = Math.max(250, now - started);
      }
      if (printedAt === undefined && firstLine(app)) printedAt = now;
      if (elsewhereAt !== undefined && now - elsewhereAt > graceMs) {
        const did = elsewhere.some((other) => listening.includes(other)) ? 'listened' : 'tried to listen';
        ignored = `the app ${did} on ${where} but not on the port given in PORT (${port}).`;
      } else if ((printedAt !== undefined && now - printedAt > 1500) || now - started > 4000) {
        const said = firstLine(app);
        ignored = `the app ${said ? `printed ${quote(said)} but ` : ''}did not listen on the port given in PORT (${port}).`;
      }
    }
    if (ignored) {
      if (!gate) portIgnored = ignored;
      assert.fail(`Started with PORT=${port}, ${ignored} Expected it to listen on the port the platform hands it.`);
    }
    await delay(10);
  }
  return {
    port,
    app,
    call: (method, target, options) => request(port, method, target, options, () => exit),
  };
}

/** The kit's fetch against the app; a failure becomes a sentence about the app. */
async function request(port, method, target, { body, headers = {} } = {}, exitOf = () => undefined) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(2500) };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await httpFetch(`http://127.0.0.1:${port}${target}`, init);
  } catch (error) {
    await delay(50); // let an exit that caused the failure be noticed
    const exit = exitOf();
    const why = exit ? `the app ${exit.signal ? `was stopped by ${exit.signal}` : `exited with code ${exit.code}`}`
      : error?.name === 'TimeoutError' ? 'no answer within 2.5 s' : (error?.cause?.code ?? error?.message);
    assert.fail(`${method} ${target} failed: ${why}.`);
  }
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  const cookies = res.headers.getSetCookie();
  return { status: res.status, json, text, cookies };
}

/** A customer with a cookie jar, so whatever cookie the app sets is sent back. */
export function customer(username) {
  const jar = new Map();
  async function call(running, method, target, body) {
    const headers = jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
    const res = await running.call(method, target, { body, headers });
    for (const line of res.cookies) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return res;
  }
  return {
    username,
    call,
    async login(running, where = 'the app') {
      const res = await call(running, 'POST', '/login', { username });
      assert.equal(res.status, 200, `POST /login on ${where} answered ${res.status}, expected 200 (body: ${res.text.slice(0, 120)})`);
      assert.ok(jar.size > 0, `POST /login on ${where} answered 200 but set no cookie.`);
    },
    async order(running, note, where = 'the app') {
      const res = await call(running, 'POST', '/orders', { item: 'croissant', qty: 2, note });
      assert.equal(res.status, 201, `POST /orders on ${where} answered ${res.status}, expected 201 (body: ${res.text.slice(0, 120)})`);
      return res.json;
    },
  };
}

