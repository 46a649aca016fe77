import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { catalogue, cartView } from './catalogue.js';

const STORE = process.env.SESSION_STORE_URL;
if (!STORE) throw new Error('Set SESSION_STORE_URL to the key-value store URL (npm run kv starts a local one).');

const sessions = {
  url: (sid) => `${STORE.endsWith('/') ? STORE : `${STORE}/`}cart-session-${sid}`,
  async read(sid) {
    const res = await fetch(this.url(sid));
    if (res.status === 404) return null;
    if (res.status !== 200) throw new Error(`store: ${res.status}`);
    return res.json();
  },
  async write(sid, session) {
    const res = await fetch(this.url(sid), { method: 'PUT', body: JSON.stringify(session) });
    if (res.status >= 300) throw new Error(`store: ${res.status}`);
  },
  async remove(sid) {
    await fetch(this.url(sid), { method: 'DELETE' });
  },
};

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

const cookieSid = (req) => /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];

// Handlers that need a customer get (req, res, ctx) with ctx.session loaded from the store.
const authed = (handler) => async (req, res) => {
  const sid = cookieSid(req);
  const session = sid ? await sessions.read(sid) : null;
  if (!session) return json(res, 401, { error: 'please log in' });
  return handler(req, res, { sid, session });
};

const routes = {
  'GET /health': (req, res) => json(res, 200, { status: 'ok' }),
  'POST /login': async (req, res) => {
    const { username } = await body(req);
    if (!username) return json(res, 400, { error: 'username is required' });
    const sid = randomBytes(24).toString('base64url');
    await sessions.write(sid, { user: username, cart: {} });
    json(res, 200, { user: username }, { 'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` });
  },
  'GET /cart': authed((req, res, { session }) => json(res, 200, cartView(session.user, session.cart))),
  'POST /cart/items': authed(async (req, res, { sid, session }) => {
    const { sku, qty = 1 } = await body(req);
    if (!catalogue[sku]) return json(res, 404, { error: `no product ${sku}` });
    if (!Number.isInteger(qty) || qty < 1) return json(res, 400, { error: 'qty must be a positive integer' });
    session.cart[sku] = (session.cart[sku] ?? 0) + qty;
    await sessions.write(sid, session);
    json(res, 201, cartView(session.user, session.cart));
  }),
  // Extra: empty the cart without logging out.
  'DELETE /cart': authed(async (req, res, { sid, session }) => {
    session.cart = {};
    await sessions.write(sid, session);
    json(res, 200, cartView(session.user, session.cart));
  }),
  'POST /logout': authed(async (req, res, { sid }) => {
    await sessions.remove(sid);
    json(res, 204, undefined, { 'set-cookie': 'sid=; Path=/; Max-Age=0' });
  }),
};

http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://shop.local');
  const handler = routes[`${req.method} ${pathname}`];
  try {
    if (!handler) return json(res, 404, { error: 'not found' });
    await handler(req, res);
  } catch (err) {
    if (err instanceof SyntaxError) return json(res, 400, { error: 'body must be JSON' });
    console.error(err);
    json(res, 500, { error: 'internal error' });
  }
}).listen(Number(process.env.PORT) || 3000, function () {
  console.log(`leafline shop listening on port ${this.address().port}`);
});
