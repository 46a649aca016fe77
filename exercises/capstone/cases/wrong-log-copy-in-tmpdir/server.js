import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { config } from './config.js';
import { DATA_KEY, emptyData } from './data.js';
import { connectStore } from './kv.js';
import { log } from './log.js';

const store = connectStore(config.storeUrl);
const ADMIN_TOKEN = config.adminToken;
const KITCHEN_URL = config.kitchenUrl;

const MENU = {
  croissant: { name: 'Butter croissant', priceCents: 260 },
  'pain-au-chocolat': { name: 'Pain au chocolat', priceCents: 290 },
  'cinnamon-bun': { name: 'Cinnamon bun', priceCents: 340 },
  sourdough: { name: 'Sourdough loaf', priceCents: 650 },
};

// --- data: read from the store on every request, never kept in this process -----------------
const loadData = async () => (await store.get(DATA_KEY)) ?? emptyData();
const saveData = (data) => store.put(DATA_KEY, data);

const sessionKey = (sid) => `session:${sid}`;

// --- the kitchen display ------------------------------------------------------------------
async function notifyKitchen(order) {
  if (!KITCHEN_URL) return;
  try {
    const res = await fetch(KITCHEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    if (!res.ok) throw new Error(`kitchen answered ${res.status}`);
  } catch (err) {
    log('could not notify the kitchen', { order: order.id, error: err.message }, 'error');
  }
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

async function currentUser(req) {
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  return sid ? (await store.get(sessionKey(sid)))?.user : undefined;
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
  const data = await loadData();
  data.orders.push(order);
  await saveData(data);
  await notifyKitchen(order);
  send(res, 201, order);
}

const server = http.createServer(async (req, res) => {
  const started = Date.now();
  res.on('finish', () => {
    log('request', { method: req.method, path: req.url, status: res.statusCode, durationMs: Date.now() - started });
  });
  const { pathname } = new URL(req.url, 'http://bakery.local');
  const route = `${req.method} ${pathname}`;
  try {
    if (route === 'GET /health') return send(res, 200, { status: 'ok' });
    if (route === 'GET /menu') return send(res, 200, MENU);

    if (route === 'POST /login') {
      const { username } = await readJson(req);
      if (!username) return send(res, 400, { error: 'username is required' });
      const sid = randomBytes(18).toString('base64url');
      await store.put(sessionKey(sid), { user: String(username) });
      return send(res, 200, { user: username }, { 'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` });
    }

    if (route === 'GET /admin/orders') {
      if (req.headers.authorization !== `Bearer ${ADMIN_TOKEN}`) return send(res, 401, { error: 'admin token required' });
      return send(res, 200, (await loadData()).orders);
    }

    const user = await currentUser(req);
    if (!user) return send(res, 401, { error: 'please log in' });
    if (route === 'GET /orders') return send(res, 200, (await loadData()).orders.filter((order) => order.user === user));
    if (route === 'POST /orders') return await placeOrder(req, res, user);

    send(res, 404, { error: 'not found' });
  } catch (err) {
    if (err instanceof SyntaxError) return send(res, 400, { error: 'body must be JSON' });
    log('request failed', { method: req.method, path: req.url, error: err.stack }, 'error');
    send(res, 500, { error: 'internal error' });
  }
});

server.listen(config.port, () => log('listening', { port: config.port }));

// Stop taking new connections, let requests in flight finish, then exit; give up after 10 s.
process.on('SIGTERM', () => {
  log('SIGTERM received, shutting down');
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10_000).unref();
});
