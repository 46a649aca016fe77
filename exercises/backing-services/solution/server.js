import http from 'node:http';

// The object store is an attached resource: which one we talk to is decided by the deploy, through STORAGE_URL.
const storageUrl = process.env.STORAGE_URL?.replace(/\/+$/, '');
if (!storageUrl) {
  console.error('STORAGE_URL is not set: give the address of the avatar bucket, e.g. http://localhost:9000/avatars');
  process.exit(1);
}
const objectUrl = (name) => `${storageUrl}/${encodeURIComponent(name)}`;

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

/** Asks the object store; answers 502 for the caller when the store cannot be reached. */
async function store(res, url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    console.error(`object store unreachable at ${url}: ${error.cause?.code ?? error.message}`);
    send(res, 502, { error: 'the avatar store is unreachable, try again later' });
    return undefined;
  }
}

async function saveAvatar(req, res, name) {
  const bytes = await readBody(req);
  if (bytes.length === 0) return send(res, 400, { error: 'send the picture as the request body' });
  const type = req.headers['content-type'] ?? 'application/octet-stream';
  const stored = await store(res, objectUrl(name), { method: 'PUT', body: bytes, headers: { 'content-type': type } });
  if (!stored) return;
  if (!stored.ok) return send(res, 502, { error: `the avatar store answered ${stored.status}` });
  send(res, 201, { name, size: bytes.length });
}

async function showAvatar(res, name) {
  const found = await store(res, objectUrl(name));
  if (!found) return;
  if (found.status === 404) return send(res, 404, { error: `no avatar called ${name}` });
  if (!found.ok) return send(res, 502, { error: `the avatar store answered ${found.status}` });
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
    if (req.method === 'PUT') return await saveAvatar(req, res, name);
    if (req.method === 'GET') return await showAvatar(res, name);
    send(res, 405, { error: 'use GET or PUT' });
  } catch (error) {
    console.error(error);
    send(res, 500, { error: 'internal error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`avatars listening on http://localhost:${port}, storing in ${storageUrl}`));
