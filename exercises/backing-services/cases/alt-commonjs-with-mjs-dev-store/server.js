'use strict';
const http = require('node:http');

// Where pictures live is decided by the deploy: STORAGE_URL names the bucket.
const bucketUrl = process.env.STORAGE_URL;
if (!bucketUrl) {
  process.stderr.write('avatars cannot start: STORAGE_URL is missing\n');
  process.exit(1);
}
const objectUrl = (name) => new URL(`${new URL(bucketUrl).pathname.replace(/\/$/, '')}/${encodeURIComponent(name)}`, bucketUrl);

const NAME = /^[\w-]+(\.[\w-]+)*$/; // ada.png, grace-hopper.jpg

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function handle(req, res) {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && pathname === '/health') return Promise.resolve(send(res, 200, { status: 'ok' }));
  const match = pathname.match(/^\/avatars\/([^/]+)$/);
  if (!match) return Promise.resolve(send(res, 404, { error: 'not found' }));
  const name = decodeURIComponent(match[1]);
  if (!NAME.test(name)) return Promise.resolve(send(res, 400, { error: 'use a plain file name such as ada.png' }));

  if (req.method === 'PUT') {
    return readBody(req).then((bytes) => {
      if (bytes.length === 0) return send(res, 400, { error: 'send the picture as the request body' });
      const headers = { 'content-type': req.headers['content-type'] || 'application/octet-stream' };
      return fetch(objectUrl(name), { method: 'PUT', headers, body: bytes }).then((answer) => {
        if (!answer.ok) throw new Error(`store answered ${answer.status}`);
        send(res, 201, { name, size: bytes.length });
      });
    });
  }
  if (req.method === 'GET') {
    return fetch(objectUrl(name)).then(async (answer) => {
      if (answer.status === 404) return send(res, 404, { error: `no avatar called ${name}` });
      if (!answer.ok) throw new Error(`store answered ${answer.status}`);
      const bytes = Buffer.from(await answer.arrayBuffer());
      res.writeHead(200, { 'content-type': answer.headers.get('content-type') || 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
    });
  }
  return Promise.resolve(send(res, 405, { error: 'use GET or PUT' }));
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error(`${req.method} ${req.url}: ${error.message}${error.cause ? ` (${error.cause.code})` : ''}`);
    send(res, 502, { error: 'the picture store is unavailable' });
  });
});

const port = Number(process.env.PORT || 3000);
server.listen(port, () => console.log(`avatars listening on http://localhost:${port}`));
