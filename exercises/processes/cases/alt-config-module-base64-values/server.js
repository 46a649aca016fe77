import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { catalogue, cartView } from './catalogue.js';
import { config } from './config.js';

// Sessions ({ user, cart: { sku: qty } }) live in the shared key-value store, keyed by sid.
const keyUrl = (sid) => `${config.storeUrl}/leafline.session.${sid}`;
const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64');
const decode = (text) => JSON.parse(Buffer.from(text, 'base64').toString('utf8'));

async function loadSession(sid) {
  const res = await fetch(keyUrl(sid));
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`session store answered ${res.status}`);
  return decode(await res.text());
}

async function saveSession(sid, session) {
  const res = await fetch(keyUrl(sid), { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: encode(session) });
  if (!res.ok) throw new Error(`session store answered ${res.status}`);
}

async function dropSession(sid) {
  await fetch(keyUrl(sid), { method: 'DELETE' });
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
  // Only ids this app could have issued are worth a trip to the store.
  return match && /^[A-Za-z0-9_-]{20,64}$/.test(match[1]) ? match[1] : undefined;
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://shop.local');
  const route = `${req.method} ${pathname}`;
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
    console.error(err);
    send(res, 500, { error: 'internal error' });
  }
});

const port = config.port;
server.listen(port, () => console.log(`leafline shop listening on port ${port}`));
