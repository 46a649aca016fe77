import http from 'node:http';
import { LinkStore } from './lib/link-store.js';

const PUBLIC_URL = process.env.PUBLIC_URL?.replace(/\/$/, '');
if (!PUBLIC_URL) {
  console.error('snip needs PUBLIC_URL (the address short links start with) in its environment');
  process.exit(2);
}

const store = new LinkStore();

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const view = (code) => {
  const { url, clicks } = store.get(code);
  return { code, url, short: `${PUBLIC_URL}/${code}`, clicks };
};

async function route(req, res) {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && pathname === '/health') return json(res, 200, { status: 'ok' });

  if (req.method === 'POST' && pathname === '/links') {
    let target;
    try {
      target = new URL((await body(req)).url);
    } catch {
      return json(res, 400, { error: 'send {"url": "<an absolute URL>"}' });
    }
    if (!LinkStore.isShortenable(target)) return json(res, 400, { error: 'only http and https links can be shortened' });
    return json(res, 201, view(store.add(target)));
  }

  const stats = /^\/links\/([\w-]+)$/.exec(pathname);
  if (req.method === 'GET' && stats) {
    return store.get(stats[1]) ? json(res, 200, view(stats[1])) : json(res, 404, { error: 'no such link' });
  }

  const visit = /^\/([\w-]+)$/.exec(pathname);
  if (req.method === 'GET' && visit) {
    const target = store.visit(visit[1]);
    if (!target) return json(res, 404, { error: 'no such link' });
    res.writeHead(301, { location: target, 'cache-control': 'private, max-age=3600' });
    return res.end();
  }

  json(res, 404, { error: 'not found' });
}

const server = http.createServer((req, res) => {
  route(req, res).catch((error) => {
    console.error(error);
    json(res, 500, { error: 'internal error' });
  });
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`snip listening on http://localhost:${port}`));
