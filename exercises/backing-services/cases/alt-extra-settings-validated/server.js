import http from 'node:http';
import { settings } from './settings.js';

const NAME = /^[\w-]+(\.[\w-]+)*$/; // ada.png, grace-hopper.jpg
const objectUrl = (name) => `${settings.storageUrl}/${encodeURIComponent(name)}`;

class StoreFailed extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** One request to the object store, bounded by STORAGE_TIMEOUT_MS. */
async function askStore(url, init = {}) {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(settings.storeTimeoutMs) });
  } catch (error) {
    const timedOut = error.name === 'TimeoutError';
    throw new StoreFailed(timedOut ? 'the object store did not answer in time' : `the object store cannot be reached (${error.cause?.code ?? error.message})`, timedOut ? 504 : 502);
  }
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > settings.maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function saveAvatar(req, res, name) {
  const bytes = await readBody(req);
  if (bytes === undefined) return send(res, 413, { error: `pictures are limited to ${settings.maxBytes} bytes` });
  if (bytes.length === 0) return send(res, 400, { error: 'send the picture as the request body' });
  const stored = await askStore(objectUrl(name), {
    method: 'PUT', body: bytes, headers: { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' },
  });
  if (!stored.ok) throw new StoreFailed(`the object store answered ${stored.status} to PUT`, 502);
  send(res, 201, { name, size: bytes.length });
}

async function showAvatar(res, name) {
  const found = await askStore(objectUrl(name));
  if (found.status === 404) return send(res, 404, { error: `no avatar called ${name}` });
  if (!found.ok) throw new StoreFailed(`the object store answered ${found.status} to GET`, 502);
  const bytes = Buffer.from(await found.arrayBuffer());
  res.writeHead(200, { 'content-type': found.headers.get('content-type') ?? 'application/octet-stream', 'content-length': bytes.length });
  res.end(bytes);
}

const server = http.createServer(async (req, res) => {
  const started = Date.now();
  const { pathname } = new URL(req.url, 'http://localhost');
  if (settings.logRequests) {
    res.on('finish', () => console.log(JSON.stringify({ method: req.method, path: pathname, status: res.statusCode, ms: Date.now() - started })));
  }
  try {
    if (req.method === 'GET' && pathname === '/health') return send(res, 200, { status: 'ok' });
    const match = pathname.match(/^\/avatars\/([^/]+)$/);
    if (!match) return send(res, 404, { error: 'not found' });
    const name = decodeURIComponent(match[1]);
    if (!NAME.test(name)) return send(res, 400, { error: 'use a plain file name such as ada.png' });
    if (req.method === 'PUT') return await saveAvatar(req, res, name);
    if (req.method === 'GET') return await showAvatar(res, name);
    send(res, 405, { error: 'use GET or PUT' });
  } catch (error) {
    if (error instanceof StoreFailed) {
      console.error(error.message);
      return send(res, error.status, { error: 'the picture store is unavailable, try again later' });
    }
    console.error(error);
    send(res, 500, { error: 'internal error' });
  }
});

server.listen(settings.port, () => console.log(`avatars listening on port ${settings.port}`));
