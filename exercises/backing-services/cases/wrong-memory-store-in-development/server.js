import http from 'node:http';
import { connectStore, StoreUnavailable } from './storage.js';

// In development a missing store is not worth a crash: pictures are kept in memory until the process ends
// (nothing on disk). Everywhere else STORAGE_URL is required.
if (!process.env.STORAGE_URL && process.env.NODE_ENV !== 'development') {
  console.error('STORAGE_URL is not set: point it at the avatars bucket, e.g. http://localhost:9000/avatars');
  process.exit(1);
}
const store = process.env.STORAGE_URL ? connectStore(process.env.STORAGE_URL) : memoryStore();

function memoryStore() {
  console.warn('STORAGE_URL is not set: keeping pictures in memory (development only)');
  const objects = new Map();
  return {
    async put(name, bytes, type) {
      objects.set(name, { bytes, type });
    },
    async get(name) {
      return objects.get(name);
    },
  };
}

const NAME = /^[\w-]+(\.[\w-]+)*$/; // ada.png, grace-hopper.jpg

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function saveAvatar(req, res, name) {
  const bytes = await readBody(req);
  if (bytes.length === 0) return send(res, 400, { error: 'send the picture as the request body' });
  await store.put(name, bytes, req.headers['content-type'] ?? 'application/octet-stream');
  send(res, 201, { name, size: bytes.length });
}

async function showAvatar(res, name) {
  const avatar = await store.get(name);
  if (!avatar) return send(res, 404, { error: `no avatar called ${name}` });
  res.writeHead(200, { 'content-type': avatar.type, 'content-length': avatar.bytes.length });
  res.end(avatar.bytes);
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
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
    if (error instanceof StoreUnavailable) {
      console.error(error.message);
      return send(res, 502, { error: 'the picture store is unavailable, try again later' });
    }
    console.error(error);
    send(res, 500, { error: 'internal error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`avatars listening on http://localhost:${port}`));
