import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { catalogue, cartView } from './catalogue.js';

import * as kv from './kv.js';

// The user and the cart are two records in the shared store; nothing stays in this process.
async function loadSession(sid) {
  const [user, cart] = await Promise.all([kv.getJson(`user-${sid}`), kv.getJson(`cart-${sid}`)]);
  return user === null ? undefined : { user, cart: cart ?? {} };
}

async function saveSession(sid, session) {
  await kv.putJson(`user-${sid}`, session.user);
  await kv.putJson(`cart-${sid}`, session.cart);
}

async function dropSession(sid) {
  await Promise.all([kv.remove(`user-${sid}`), kv.remove(`cart-${sid}`)]);
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

const port = process.env.PORT ?? 3000;
server.listen(port, () => console.log(`leafline shop listening on port ${port}`));
