import http from 'node:http';
import { mkdir } from 'node:fs/promises';

const folder = new URL('./uploads/', import.meta.url);
await mkdir(folder, { recursive: true });

const STORAGE_URL = process.env.STORAGE_URL;
if (!STORAGE_URL) {
  console.error('Set STORAGE_URL to the avatars bucket, e.g. http://localhost:9000/avatars');
  process.exit(1);
}
const objectUrl = (name) => `${STORAGE_URL.replace(/\/$/, '')}/${encodeURIComponent(name)}`;

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
  const type = req.headers['content-type'] ?? 'application/octet-stream';
  const stored = await fetch(objectUrl(name), { method: 'PUT', headers: { 'content-type': type }, body: bytes });
  if (!stored.ok) throw new Error(`the object store answered ${stored.status}`);
  send(res, 201, { name, size: bytes.length });
}

async function showAvatar(res, name) {
  const found = await fetch(objectUrl(name));
  if (found.status === 404) return send(res, 404, { error: `no avatar called ${name}` });
  if (!found.ok) throw new Error(`the object store answered ${found.status}`);
  const bytes = Buffer.from(await found.arrayBuffer());
  const type = found.headers.get('content-type') ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
  res.end(bytes);
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
    console.error(error);
    send(res, 502, { error: 'the picture store failed' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`avatars listening on http://localhost:${port}`));
