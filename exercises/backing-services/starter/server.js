import http from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';

const folder = new URL('./uploads/', import.meta.url);
await mkdir(folder, { recursive: true });

const NAME = /^[\w-]+(\.[\w-]+)*$/; // ada.png, grace-hopper.jpg
const TYPES = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', svg: 'image/svg+xml', webp: 'image/webp' };

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
  await writeFile(new URL(name, folder), bytes);
  send(res, 201, { name, size: bytes.length });
}

async function showAvatar(res, name) {
  let bytes;
  try {
    bytes = await readFile(new URL(name, folder));
  } catch (error) {
    if (error.code === 'ENOENT') return send(res, 404, { error: `no avatar called ${name}` });
    throw error;
  }
  const type = TYPES[name.split('.').pop().toLowerCase()] ?? 'application/octet-stream';
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
    send(res, 500, { error: 'internal error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`avatars listening on http://localhost:${port}`));
