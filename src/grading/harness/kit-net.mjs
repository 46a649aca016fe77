// Networking helpers of the kit: free ports, waiting for a port, fake backing services.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { track } from './kit-context.mjs';

// freePort() counts through ports the OS never hands out by itself. A port the OS picked (listen on port 0) is
// free again once freePort's probe closes, and until the app binds it the OS may give it to someone else: to a
// fake service listening on port 0, or as the source port of one of the harness's own connections. The app then
// fails with EADDRINUSE through no fault of its own: rare, but a grading makes hundreds of connections. Ports below
// the OS's ephemeral range (where it picks both) are only ever taken on purpose; the counter starts at a random
// place so that gradings run without a sandbox (which shares one network) rarely try the same ports.
const PORT_SPAN = 10_000;
let nextPort;

function ephemeralRange() {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low > 0 && high >= low) return { low, high };
  } catch {
    // No /proc (WebContainer): assume Linux's default range.
  }
  return { low: 32768, high: 60999 };
}

function portRange() {
  const { low, high } = ephemeralRange();
  if (low - PORT_SPAN >= 1024) return { first: low - PORT_SPAN, last: low - 1 };
  if (high + PORT_SPAN <= 65535) return { first: high + 1, last: high + PORT_SPAN };
  return undefined; // the OS allocates from (nearly) everywhere: let it pick
}

function tryListen(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(undefined) : reject(error)));
    server.listen(port, '127.0.0.1', () => {
      const chosen = server.address().port;
      server.close(() => resolve(chosen));
    });
  });
}

/** A TCP port free on 127.0.0.1, not handed out again by this process, and not one the OS picks by itself. */
export async function freePort() {
  const range = portRange();
  if (!range) return tryListen(0);
  const size = range.last - range.first + 1;
  nextPort ??= range.first + Math.floor(Math.random() * size);
  for (let tries = 0; tries < 200; tries += 1) {
    const port = nextPort;
    nextPort = port === range.last ? range.first : port + 1;
    const free = await tryListen(port);
    if (free !== undefined) return free;
  }
  return tryListen(0); // 200 ports in a row taken: something else counts through this range too
}

/** Whether 127.0.0.1:port accepts a TCP connection now (false after 500 ms without an answer). */
export function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const finish = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.setTimeout(500, () => finish(false));
  });
}

/**
 * Resolves 'ready' once 127.0.0.1:port accepts a connection, 'exited' if `exited` settles first, 'timeout' after
 * ms. There is no event for "another process started listening", so this polls with connection attempts: every
 * 10 ms at first (a refused connection costs next to nothing, and most apps are up within a few hundred ms),
 * then every 50 ms; `nudge`, when given, is a promise-returning function that settles early, e.g. when the
 * app prints something, which is usually the moment it starts listening.
 */
export async function waitForPort(port, ms, exited, nudge = () => new Promise(() => {})) {
  const started = Date.now();
  const deadline = started + ms;
  let gone = false;
  exited.then(() => { gone = true; });
  for (;;) {
    if (await canConnect(port)) return 'ready';
    if (gone) return 'exited';
    const left = deadline - Date.now();
    if (left <= 0) return 'timeout';
    const pause = Date.now() - started < 1000 ? 10 : 50;
    let timer;
    await Promise.race([new Promise((resolve) => { timer = setTimeout(resolve, Math.min(pause, left)); }), exited, nudge()]);
    clearTimeout(timer);
  }
}

/**
 * An HTTP server on 127.0.0.1 standing in for a backing service. The request body is read before handler runs
 * (it is recorded), so handlers use `req.body` (a string) instead of reading the stream. `options.host` puts it
 * on another loopback address (e.g. 127.31.4.9: on Linux all of 127/8 is this machine), so an app that treats
 * 127.0.0.1 or localhost specially cannot tell the fake from a real service; where that address cannot be
 * bound (no such route, as in an in-browser sandbox) the service falls back to 127.0.0.1 and `url` says so.
 */
export async function startFakeService(handler, options = {}) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    requests.push({ method: req.method, url: req.url, headers: req.headers, body });
    req.body = body;
    req.rawBody = Buffer.concat(chunks);
    // Idle keep-alive sockets to a fake would keep the learner's app alive after a correct server.close(),
    // making a graceful shutdown look hung; real backing services are not what those tests are about.
    res.setHeader('connection', 'close');
    try {
      if (handler) await handler(req, res);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake service handler failed: ${error?.message ?? error}`);
    }
  });
  const listen = (host) => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await listen(host);
  } catch (error) {
    if (host === '127.0.0.1' || !['EADDRNOTAVAIL', 'EINVAL', 'EAFNOSUPPORT'].includes(error?.code)) throw error;
    await listen('127.0.0.1');
  }
  const { port, address } = server.address();
  let closing;
  const close = () =>
    (closing ??= new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  track({ stop: close });
  return { url: `http://${address}:${port}`, port, host: address, requests, close };
}
