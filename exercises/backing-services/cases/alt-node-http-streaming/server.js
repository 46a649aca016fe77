import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';

// The bucket is an attached resource: its address comes from the deploy, never from the code.
const STORAGE_URL = process.env.STORAGE_URL;
if (!STORAGE_URL) {
  console.error('Missing STORAGE_URL (the avatars bucket, e.g. http://localhost:9000/avatars)');
  process.exit(1);
}
const bucket = new URL(STORAGE_URL.endsWith('/') ? STORAGE_URL : `${STORAGE_URL}/`);
const client = bucket.protocol === 'https:' ? https : http;

const NAME = /^[\w-]+(\.[\w-]+)*$/; // ada.png, grace-hopper.jpg

function send(res, status, body) {
  if (res.headersSent) return res.destroy();
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Starts a request to the store; resolves with its response, rejects when the store cannot be reached. */
function storeRequest(method, name, headers = {}) {
  const url = new URL(encodeURIComponent(name), bucket);
  const req = client.request(url, { method, headers });
  const response = new Promise((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  return { req, response };
}

// Streams the upload straight through to the store, without holding it in memory or on disk.
async function saveAvatar(req, res, name) {
  if (req.headers['content-length'] === '0') return send(res, 400, { error: 'send the picture as the request body' });
  const headers = { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' };
  if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
  const upload = storeRequest('PUT', name, headers);
  const [answer] = await Promise.all([upload.response, pipeline(req, upload.req)]);
  answer.resume();
  if (answer.statusCode >= 300) throw new Error(`the store answered ${answer.statusCode} to PUT`);
  send(res, 201, { name, size: Number(req.headers['content-length'] ?? 0) || undefined });
}

async function showAvatar(res, name) {
  const download = storeRequest('GET', name);
  download.req.end();
  const answer = await download.response;
  if (answer.statusCode === 404) {
    answer.resume();
    return send(res, 404, { error: `no avatar called ${name}` });
  }
  if (answer.statusCode !== 200) {
    answer.resume();
    throw new Error(`the store answered ${answer.statusCode} to GET`);
  }
  const headers = { 'content-type': answer.headers['content-type'] ?? 'application/octet-stream' };
  if (answer.headers['content-length']) headers['content-length'] = answer.headers['content-length'];
  res.writeHead(200, headers);
  await pipeline(answer, res);
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
    console.error(`${req.method} ${pathname}: ${error.code ?? ''} ${error.message}`);
    send(res, 502, { error: 'the picture store is not available' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`avatars listening on http://localhost:${port}`));
