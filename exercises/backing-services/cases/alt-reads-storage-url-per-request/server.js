import http from 'node:http';

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

// The bucket is looked up in the environment each time it is needed. Without STORAGE_URL the app still
// answers /health, but has nowhere to keep pictures, so picture requests get 503 (nothing goes to local disk).
function objectUrl(name) {
  const bucket = process.env.STORAGE_URL;
  if (!bucket) return undefined;
  return `${bucket.replace(/\/$/, '')}/${encodeURIComponent(name)}`;
}

async function toStore(res, url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    console.error(`object store unreachable: ${error.cause?.code ?? error.message}`);
    send(res, 502, { error: 'the object store cannot be reached' });
    return undefined;
  }
}

async function saveAvatar(req, res, url, name) {
  const bytes = await readBody(req);
  if (bytes.length === 0) return send(res, 400, { error: 'send the picture as the request body' });
  const type = req.headers['content-type'] ?? 'application/octet-stream';
  const stored = await toStore(res, url, { method: 'PUT', headers: { 'content-type': type }, body: bytes });
  if (!stored) return;
  if (!stored.ok) return send(res, 502, { error: `the object store answered ${stored.status}` });
  send(res, 201, { name, size: bytes.length });
}

async function showAvatar(res, url, name) {
  const found = await toStore(res, url);
  if (!found) return;
  if (found.status === 404) return send(res, 404, { error: `no avatar called ${name}` });
  if (!found.ok) return send(res, 502, { error: `the object store answered ${found.status}` });
  const bytes = Buffer.from(await found.arrayBuffer());
  res.writeHead(200, { 'content-type': found.headers.get('content-type') ?? 'application/octet-stream', 'content-length': bytes.length });
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
    const url = objectUrl(name);
    if (!url) return send(res, 503, { error: 'no object store attached: set STORAGE_URL' });
    if (req.method === 'PUT') return await saveAvatar(req, res, url, name);
    if (req.method === 'GET') return await showAvatar(res, url, name);
    send(res, 405, { error: 'use GET or PUT' });
  } catch (error) {
    console.error(error);
    send(res, 500, { error: 'internal error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => {
  console.log(`avatars listening on http://localhost:${port}`);
  if (!process.env.STORAGE_URL) console.error('STORAGE_URL is not set: picture requests will answer 503 until it is');
});
