import http from 'node:http';
import { ObjectStore, ObjectStoreError } from './object-store.js';

function storeFromEnvironment() {
  const url = process.env.STORAGE_URL;
  if (!url) throw new Error('STORAGE_URL must name the avatars bucket (for example http://localhost:9000/avatars)');
  try {
    return new ObjectStore(url);
  } catch {
    throw new Error(`STORAGE_URL is not a valid URL: ${url}`);
  }
}

let avatars;
try {
  avatars = storeFromEnvironment();
} catch (error) {
  console.error(error.message);
  process.exit(78); // EX_CONFIG
}

const NAME = /^[\w-]+(\.[\w-]+)*$/; // ada.png, grace-hopper.jpg

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const routes = {
  async PUT(req, res, name) {
    const bytes = await readBody(req);
    if (bytes.length === 0) return send(res, 400, { error: 'send the picture as the request body' });
    await avatars.putObject(name, bytes, req.headers['content-type'] || 'application/octet-stream');
    send(res, 201, { name, size: bytes.length, storedAt: new Date().toISOString() });
  },
  async GET(req, res, name) {
    const picture = await avatars.getObject(name);
    if (!picture) return send(res, 404, { error: `no avatar called ${name}` });
    res.writeHead(200, { 'content-type': picture.contentType, 'content-length': picture.body.byteLength });
    res.end(picture.body);
  },
};

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  try {
    if (req.method === 'GET' && pathname === '/health') return send(res, 200, { status: 'ok' });
    const match = pathname.match(/^\/avatars\/([^/]+)$/);
    if (!match) return send(res, 404, { error: 'not found' });
    const name = decodeURIComponent(match[1]);
    if (!NAME.test(name)) return send(res, 400, { error: 'use a plain file name such as ada.png' });
    const route = routes[req.method];
    if (!route) return send(res, 405, { error: 'use GET or PUT' }, { allow: 'GET, PUT' });
    await route(req, res, name);
  } catch (error) {
    if (error instanceof ObjectStoreError) {
      console.error(`${error.message}${error.cause ? ` (${error.cause.cause?.code ?? error.cause.name})` : ''}`);
      return send(res, 503, { error: 'pictures are unavailable right now' }, { 'retry-after': '5' });
    }
    console.error(error);
    send(res, 500, { error: 'internal error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`avatars listening on http://localhost:${port}`));
