import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { catalogue, cartView } from './catalogue.js';

// Sessions ({ user, cart: { sku: qty } }) live in the shared key-value store, keyed by sid.
const storeUrl = (process.env.SESSION_STORE_URL ?? '').replace(/\/+$/, '');
if (!storeUrl) {
  console.error('SESSION_STORE_URL is not set: point it at the shared key-value store (npm run kv starts one)');
  process.exit(1);
}

class StoreUnavailable extends Error {}

async function store(path, init = {}) {
  try {
    return await fetch(`${storeUrl}/${path}`, { ...init, signal: AbortSignal.timeout(2000) });
  } catch (err) {
    throw new StoreUnavailable(`session store unreachable: ${err.message}`);
  }
}

async function loadSession(sid) {
  const res = await store(`sess-${sid}`);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`session store answered ${res.status}`);
  return JSON.parse(await res.text());
}

async function saveSession(sid, session) {
  const res = await store(`sess-${sid}`, { method: 'PUT', body: JSON.stringify(session) });
  if (!res.ok) throw new Error(`session store answered ${res.status}`);
}

async function dropSession(sid) {
  await store(`sess-${sid}`, { method: 'DELETE' });
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

function sessionId(req) {
  const match = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '');
  return match?.[1];
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://shop.local');
  const route = `${req.method} ${pathname}`;
  const started = Date.now();
  res.on('finish', () => console.log(JSON.stringify({ method: req.method, path: pathname, status: res.statusCode, ms: Date.now() - started })));
  try {
    if (route === 'GET /health') return send(res, 200, { status: 'ok' });

    if (route === 'POST /login') {
      const { username } = await readJson(req);
      if (!username) return send(res, 400, { error: 'username is required' });
      const sid = randomBytes(18).toString('base64url');
      await saveSession(sid, { user: username, cart: {} });
      return send(res, 200, { user: username }, {
        'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax`,
      });
    }

    const sid = sessionId(req);
    const session = sid ? await loadSession(sid) : undefined;
    if (!session) return send(res, 401, { error: 'please log in' });

    if (route === 'GET /cart') return send(res, 200, cartView(session.user, session.cart));

    if (route === 'POST /cart/items') {
      const { sku, qty = 1 } = await readJson(req);
      if (!catalogue[sku]) return send(res, 404, { error: `no product ${sku}` });
      if (!Number.isInteger(qty) || qty < 1) return send(res, 400, { error: 'qty must be a positive integer' });
      session.cart[sku] = (session.cart[sku] ?? 0) + qty;
      await saveSession(sid, session);
      return send(res, 201, cartView(session.user, session.cart));
    }

    if (route === 'POST /logout') {
      await dropSession(sid);
      return send(res, 204, undefined, { 'set-cookie': 'sid=; Path=/; Max-Age=0' });
    }

    send(res, 404, { error: 'not found' });
  } catch (err) {
    if (err instanceof SyntaxError) return send(res, 400, { error: 'body must be JSON' });
    if (err instanceof StoreUnavailable) {
      console.error(err.message);
      return send(res, 503, { error: 'sessions are unavailable, try again shortly' }, { 'retry-after': '1' });
    }
    console.error(err);
    send(res, 500, { error: 'internal error' });
  }
});

const port = process.env.PORT ?? 3000;
server.listen(port, () => console.log(`leafline shop listening on port ${port}`));

// Nothing to save on the way out: every change is already in the store.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
