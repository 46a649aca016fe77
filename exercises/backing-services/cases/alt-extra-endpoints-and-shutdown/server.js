import http from 'node:http';

const STORAGE_URL = process.env.STORAGE_URL?.trim();
if (!STORAGE_URL) {
  console.error('avatars: STORAGE_URL is required (the object store bucket, e.g. http://localhost:9000/avatars)');
  process.exit(1);
}
const bucket = STORAGE_URL.replace(/\/+$/, '');

const NAME = /^[\w-]+(\.[\w-]+)*$/; // ada.png, grace-hopper.jpg
const MAX_BYTES = 5 * 1024 * 1024;

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
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
    if (size > MAX_BYTES) throw new HttpError(413, 'pictures are limited to 5 MB');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function store(path, init) {
  try {
    return await fetch(`${bucket}/${path}`, init);
  } catch (error) {
    throw new HttpError(504, `the object store did not answer (${error.cause?.code ?? error.name})`);
  }
}

const handlers = {
  async PUT(req, res, name) {
    const bytes = await readBody(req);
    if (bytes.length === 0) return send(res, 400, { error: 'send the picture as the request body' });
    const type = req.headers['content-type'] ?? 'application/octet-stream';
    const answer = await store(encodeURIComponent(name), { method: 'PUT', headers: { 'content-type': type }, body: bytes });
    if (!answer.ok) throw new HttpError(502, `the object store refused the picture (${answer.status})`);
    send(res, 201, { name, size: bytes.length, type });
  },
  async GET(req, res, name, { head = false } = {}) {
    const answer = await store(encodeURIComponent(name));
    if (answer.status === 404) return send(res, 404, { error: `no avatar called ${name}` });
    if (!answer.ok) throw new HttpError(502, `the object store answered ${answer.status}`);
    const bytes = Buffer.from(await answer.arrayBuffer());
    res.writeHead(200, {
      'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
      'content-length': bytes.length,
      'cache-control': 'public, max-age=60',
    });
    res.end(head ? undefined : bytes);
  },
  HEAD(req, res, name) {
    return handlers.GET(req, res, name, { head: true });
  },
};

// Readiness: can this instance reach its store? (Any HTTP answer counts; only a failed connection does not.)
async function ready(res) {
  try {
    await store('.ready-probe', { method: 'GET' });
    send(res, 200, { status: 'ready' });
  } catch (error) {
    send(res, 503, { status: 'store unreachable', detail: error.message });
  }
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  const started = Date.now();
  res.on('finish', () => console.log(JSON.stringify({ method: req.method, path: pathname, status: res.statusCode, ms: Date.now() - started })));
  try {
    if (req.method === 'GET' && pathname === '/health') return send(res, 200, { status: 'ok' });
    if (req.method === 'GET' && pathname === '/health/ready') return await ready(res);
    const match = pathname.match(/^\/avatars\/([^/]+)$/);
    if (!match) return send(res, 404, { error: 'not found' });
    const name = decodeURIComponent(match[1]);
    if (!NAME.test(name)) return send(res, 400, { error: 'use a plain file name such as ada.png' });
    const handler = handlers[req.method];
    if (!handler) return send(res, 405, { error: 'use GET, HEAD or PUT' });
    await handler(req, res, name);
  } catch (error) {
    if (error instanceof HttpError) return send(res, error.status, { error: error.message });
    console.error(error);
    send(res, 500, { error: 'internal error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`avatars listening on http://localhost:${port}, pictures in ${new URL(bucket).host}`));

// Stop taking requests on SIGTERM, let the ones in flight finish, then exit.
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
});
