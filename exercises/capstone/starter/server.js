import http from 'node:http';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';

const ENV = process.env.NODE_ENV || 'development';
const ADMIN_TOKEN = ENV === 'production' ? 'crumb-admin-7f3e9a21c4' : 'crumb-admin-dev';
const KITCHEN_URL = process.env.NOTIFY_URL;
const DB_FILE = './data/bakery.json';

const MENU = {
  croissant: { name: 'Butter croissant', priceCents: 260 },
  'pain-au-chocolat': { name: 'Pain au chocolat', priceCents: 290 },
  'cinnamon-bun': { name: 'Cinnamon bun', priceCents: 340 },
  sourdough: { name: 'Sourdough loaf', priceCents: 650 },
};

const sessions = new Map(); // session id -> username

function log(line) {
  fs.appendFileSync('./bakery.log', `${new Date().toISOString()} ${line}\n`);
}

// --- data ---------------------------------------------------------------------------------
function load() {
  try {
    return JSON.parse(fs.readFileSync(DB_FILE, 'utf8'));
  } catch {
    return { version: 0, orders: [] };
  }
}

function save() {
  fs.mkdirSync('./data', { recursive: true });
  fs.writeFileSync(DB_FILE, JSON.stringify(db, null, 2));
}

const db = load();

// Orders taken before version 2 had no status.
if (db.version < 2) {
  for (const order of db.orders) order.status ??= 'received';
  db.version = 2;
  save();
  log('data migrated to version 2');
}

// --- the kitchen display ------------------------------------------------------------------
function notifyKitchen(order) {
  if (!KITCHEN_URL) return;
  const args = ['-s', '-X', 'POST', '-H', 'content-type: application/json', '-d', JSON.stringify(order), KITCHEN_URL];
  execFile('curl', args, (err) => {
    if (err) log(`could not tell the kitchen about order ${order.id}: ${err.message}`);
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

function currentUser(req) {
  if (ENV === 'development') return 'dev'; // no need to log in on a laptop
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  return sessions.get(sid);
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
  db.orders.push(order);
  save();
  notifyKitchen(order);
  send(res, 201, order);
}

const server = http.createServer(async (req, res) => {
  res.on('finish', () => log(`${req.method} ${req.url} ${res.statusCode}`));
  const { pathname } = new URL(req.url, 'http://bakery.local');
  const route = `${req.method} ${pathname}`;
  try {
    if (route === 'GET /health') return send(res, 200, { status: 'ok' });
    if (route === 'GET /menu') return send(res, 200, MENU);

    if (route === 'POST /login') {
      const { username } = await readJson(req);
      if (!username) return send(res, 400, { error: 'username is required' });
      const sid = randomBytes(18).toString('base64url');
      sessions.set(sid, String(username));
      return send(res, 200, { user: username }, { 'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` });
    }

    if (route === 'GET /admin/orders') {
      if (req.headers.authorization !== `Bearer ${ADMIN_TOKEN}`) return send(res, 401, { error: 'admin token required' });
      return send(res, 200, db.orders);
    }

    const user = currentUser(req);
    if (!user) return send(res, 401, { error: 'please log in' });
    if (route === 'GET /orders') return send(res, 200, db.orders.filter((order) => order.user === user));
    if (route === 'POST /orders') return await placeOrder(req, res, user);

    send(res, 404, { error: 'not found' });
  } catch (err) {
    if (err instanceof SyntaxError) return send(res, 400, { error: 'body must be JSON' });
    log(`ERROR ${err.stack}`);
    send(res, 500, { error: 'internal error' });
  }
});

server.listen(8080, () => console.log('Crumb & Co. pre-orders listening on http://localhost:8080'));
