import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { connectStore } from './kv.js';

// --- config: everything that differs between deploys comes from the environment --------------
function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(JSON.stringify({ time: new Date().toISOString(), level: 'fatal', msg: `${name} is not set` }));
    process.exit(1);
  }
  return value;
}

const PORT = Number(required('PORT'));
const ADMIN_TOKEN = required('ADMIN_TOKEN');
const store = connectStore(required('STORE_URL'));
const KITCHEN_URL = process.env.NOTIFY_URL;

const MENU = {
  croissant: { name: 'Butter croissant', priceCents: 260 },
  'pain-au-chocolat': { name: 'Pain au chocolat', priceCents: 290 },
  'cinnamon-bun': { name: 'Cinnamon bun', priceCents: 340 },
  sourdough: { name: 'Sourdough loaf', priceCents: 650 },
};

// --- logs: one JSON line per event on stdout -------------------------------------------------
function log(level, msg, fields = {}) {
  console.log(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
}

// --- data: the orders document lives in the store under "bakery" ----------------------------
const DOC_KEY = 'bakery';

async function loadDoc() {
  return (await store.get(DOC_KEY)) ?? { version: 2, orders: [] };
}

// --- sessions: in the store too, so any copy of the app recognises them ---------------------
async function currentUser(req) {
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  if (!sid) return undefined;
  return (await store.get(`session:${sid}`))?.user;
}

// --- the kitchen display ------------------------------------------------------------------
function notifyKitchen(order) {
  if (!KITCHEN_URL) return;
  const args = ['-s', '-X', 'POST', '-H', 'content-type: application/json', '-d', JSON.stringify(order), KITCHEN_URL];
  execFile('curl', args, (err) => {
    if (err) log('error', 'could not tell the kitchen about an order', { order: order.id, error: err.message });
  });
}

// --- http ---------------------------------------------------------------------------------
function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

async function placeOrder(req, res, user) {
  const { item, qty = 1, note = '' } = await readJson(req);
  if (!MENU[item]) return send(res, 404, { error: `${item} is not on the menu` });
  if (!Number.isInteger(qty) || qty < 1 || qty > 50) return send(res, 400, { error: 'qty must be 1–50' });
  const order = {
    id: randomBytes(6).toString('hex'),
    user,
    item,
    qty,
    note: String(note),
    status: 'received',
    createdAt: new Date().toISOString(),
  };
  const doc = await loadDoc();
  doc.orders.push(order);
  await store.put(DOC_KEY, doc);
  notifyKitchen(order);
  send(res, 201, order);
}

const server = http.createServer(async (req, res) => {
  res.on('finish', () => log('info', 'request', { method: req.method, path: req.url, status: res.statusCode }));
  const { pathname } = new URL(req.url, 'http://bakery.local');
  const route = `${req.method} ${pathname}`;
  try {
    if (route === 'GET /health') return send(res, 200, { status: 'ok' });
    if (route === 'GET /menu') return send(res, 200, MENU);

    if (route === 'POST /login') {
      const { username } = await readJson(req);
      if (!username) return send(res, 400, { error: 'username is required' });
      const sid = randomBytes(18).toString('base64url');
      await store.put(`session:${sid}`, { user: String(username) });
      return send(res, 200, { user: username }, { 'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` });
    }

    if (route === 'GET /admin/orders') {
      if (req.headers.authorization !== `Bearer ${ADMIN_TOKEN}`) return send(res, 401, { error: 'admin token required' });
      return send(res, 200, (await loadDoc()).orders);
    }

    const user = await currentUser(req);
    if (!user) return send(res, 401, { error: 'please log in' });
    if (route === 'GET /orders') return send(res, 200, (await loadDoc()).orders.filter((order) => order.user === user));
    if (route === 'POST /orders') return await placeOrder(req, res, user);

    send(res, 404, { error: 'not found' });
  } catch (err) {
    if (err instanceof SyntaxError) return send(res, 400, { error: 'body must be JSON' });
    log('error', 'request failed', { error: err.message, stack: err.stack });
    send(res, 500, { error: 'internal error' });
  }
});

server.listen(PORT, () => log('info', 'Crumb & Co. pre-orders listening', { port: PORT }));

// --- disposability: stop taking connections, let requests in flight finish, exit 0 ---------
process.on('SIGTERM', () => {
  log('info', 'SIGTERM received, shutting down');
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10_000).unref();
});
