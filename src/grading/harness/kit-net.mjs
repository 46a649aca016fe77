// Networking helpers of the kit: free ports, waiting for a port, fake backing services.
import http from 'node:http';
import net from 'node:net';
import { track } from './kit-context.mjs';

/** A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it, so parallel runs do not collide). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
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
 * (it is recorded), so handlers use `req.body` (a string) instead of reading the stream.
 */
export async function startFakeService(handler) {
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
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  let closing;
  const close = () =>
    (closing ??= new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  track({ stop: close });
  return { url: `http://127.0.0.1:${port}`, port, requests, close };
}
