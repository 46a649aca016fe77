import http from 'node:http';
import { randomBytes } from 'node:crypto';

// Every deploy runs this same code; what differs between deploys comes from the environment.
const publicUrl = process.env.PUBLIC_URL?.replace(/\/+$/, '');
if (!publicUrl) {
  console.error('PUBLIC_URL is not set: give the address short links should start with, e.g. https://links.example.org');
  process.exit(1);
}

// Our platform sets ENVIRONMENT on every deploy; only the live one counts visits and lets browsers cache.
const live = process.env.ENVIRONMENT === 'production';

const links = new Map(); // code -> { url, clicks }

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

function describe(code, link) {
  return { code, url: link.url, short: `${publicUrl}/${code}`, clicks: link.clicks };
}

async function createLink(req, res) {
  let target;
  try {
    target = new URL((await readJson(req)).url);
  } catch {
    return send(res, 400, { error: 'send {"url": "<an absolute URL>"}' });
  }
  if (!['http:', 'https:'].includes(target.protocol)) {
    return send(res, 400, { error: 'only http and https links can be shortened' });
  }
  const code = randomBytes(4).toString('base64url');
  links.set(code, { url: target.href, clicks: 0 });
  send(res, 201, describe(code, links.get(code)));
}

function follow(res, code) {
  const link = links.get(code);
  if (!link) return send(res, 404, { error: 'no such link' });
  if (!live) {
    res.writeHead(302, { location: link.url, 'cache-control': 'no-store' });
    return res.end();
  }
  link.clicks += 1;
  res.writeHead(301, { location: link.url, 'cache-control': 'private, max-age=3600' });
  res.end();
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && pathname === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'POST' && pathname === '/links') return createLink(req, res);
  if (req.method === 'GET' && pathname.startsWith('/links/')) {
    const code = pathname.slice('/links/'.length);
    const link = links.get(code);
    return link ? send(res, 200, describe(code, link)) : send(res, 404, { error: 'no such link' });
  }
  if (req.method === 'GET' && /^\/[\w-]+$/.test(pathname)) return follow(res, pathname.slice(1));
  send(res, 404, { error: 'not found' });
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`snip listening on http://localhost:${port}, short links at ${publicUrl}`));
