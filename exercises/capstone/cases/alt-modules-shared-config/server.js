import http from 'node:http';
import { connectStore } from './kv.js';
import { loadConfig } from './src/config.js';
import { log } from './src/log.js';
import { Orders, MENU } from './src/orders.js';
import { Sessions } from './src/sessions.js';
import { kitchen } from './src/kitchen.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  log.error(err.message);
  process.exit(1);
}

const store = connectStore(config.storeUrl);
const orders = new Orders(store);
const sessions = new Sessions(store);
const kitchenDisplay = kitchen(config.notifyUrl);

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

const routes = {
  'GET /health': async (req, res) => send(res, 200, { status: 'ok' }),
  'GET /menu': async (req, res) => send(res, 200, MENU),
  'POST /login': async (req, res) => {
    const { username } = await readJson(req);
    if (!username) return send(res, 400, { error: 'username is required' });
    const sid = await sessions.create(String(username));
    send(res, 200, { user: username }, { 'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` });
  },
  'GET /admin/orders': async (req, res) => {
    if (req.headers.authorization !== `Bearer ${config.adminToken}`) return send(res, 401, { error: 'admin token required' });
    send(res, 200, await orders.all());
  },
  'GET /orders': async (req, res, user) => send(res, 200, await orders.of(user)),
  'POST /orders': async (req, res, user) => {
    const { item, qty = 1, note = '' } = await readJson(req);
    if (!MENU[item]) return send(res, 404, { error: `${item} is not on the menu` });
    if (!Number.isInteger(qty) || qty < 1 || qty > 50) return send(res, 400, { error: 'qty must be 1–50' });
    const order = await orders.add(user, { item, qty, note });
    kitchenDisplay.notify(order);
    send(res, 201, order);
  },
};
const needsLogin = new Set(['GET /orders', 'POST /orders']);

const server = http.createServer(async (req, res) => {
  const started = Date.now();
  res.on('finish', () => log.info('request', { method: req.method, path: req.url, status: res.statusCode, ms: Date.now() - started }));
  const { pathname } = new URL(req.url, 'http://bakery.local');
  const route = `${req.method} ${pathname}`;
  try {
    const handler = routes[route];
    if (!handler) {
      // Unknown routes answer 401 to strangers, as before: the login check came first.
      if (!(await sessions.userOf(req))) return send(res, 401, { error: 'please log in' });
      return send(res, 404, { error: 'not found' });
    }
    if (!needsLogin.has(route)) return await handler(req, res);
    const user = await sessions.userOf(req);
    if (!user) return send(res, 401, { error: 'please log in' });
    await handler(req, res, user);
  } catch (err) {
    if (err instanceof SyntaxError) return send(res, 400, { error: 'body must be JSON' });
    log.error('request failed', { error: err.message, stack: err.stack });
    send(res, 500, { error: 'internal error' });
  }
});

server.listen(config.port, () => log.info('listening', { port: config.port }));

process.once('SIGTERM', () => {
  log.info('shutting down');
  server.close(() => {
    log.info('stopped');
    process.exit(0);
  });
});
