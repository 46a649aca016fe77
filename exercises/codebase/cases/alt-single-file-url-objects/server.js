import http from 'node:http';
import { randomBytes } from 'node:crypto';

// The one thing that differs between deploys: where short links point. Everything else is the same code.
function publicBase() {
  const raw = process.env.PUBLIC_URL;
  if (!raw) throw new Error('PUBLIC_URL is missing: set it to the address short links start with');
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PUBLIC_URL is not an absolute URL: ${raw}`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

let base;
try {
  base = publicBase();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const SAFE_PROTOCOLS = new Set(['http:', 'https:']);
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

const shortLink = (code) => new URL(code, base).href;
const describe = (code, { url, clicks }) => ({ code, url, short: shortLink(code), clicks });

async function createLink(req, res) {
  let target;
  try {
    target = new URL((await readJson(req)).url);
  } catch {
    return send(res, 400, { error: 'send {"url": "<an absolute URL>"}' });
  }
  if (!SAFE_PROTOCOLS.has(target.protocol)) return send(res, 400, { error: 'only http and https links can be shortened' });
  let code;
  do code = randomBytes(4).toString('base64url');
  while (links.has(code));
  links.set(code, { url: target.href, clicks: 0 });
  send(res, 201, describe(code, links.get(code)));
}

function follow(res, code) {
  const link = links.get(code);
  if (!link) return send(res, 404, { error: 'no such link' });
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
server.listen(port, () => console.log(`snip listening on http://localhost:${port}`));
