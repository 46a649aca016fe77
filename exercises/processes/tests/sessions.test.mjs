import assert from 'node:assert/strict';
import { appCopy, check, startApp, startFakeService } from '../kit.mjs';

// A stand-in for the shared key-value store described in the starter's README:
// GET /<key> -> value or 404, PUT (or POST) /<key> stores the body, DELETE /<key> removes it.
// Keys are whatever path the app uses, so any key naming scheme works.
async function startStore() {
  const values = new Map();
  const service = await startFakeService(async (req, res) => {
    const key = new URL(req.url, 'http://store').pathname;
    if (req.method === 'GET') {
      if (!values.has(key)) return res.writeHead(404).end();
      return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(values.get(key));
    }
    if (req.method === 'PUT' || req.method === 'POST') {
      values.set(key, await readBody(req));
      return res.writeHead(204).end();
    }
    if (req.method === 'DELETE') {
      values.delete(key);
      return res.writeHead(204).end();
    }
    res.writeHead(405).end();
  });
  return { ...service, values };
}

async function readBody(req) {
  if (req.body !== undefined) return Buffer.from(req.body);
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// Every check runs its copies of the app in a folder of its own (the kit's appCopy()): the copies of one check share
// a machine, as copies behind a load balancer may, but not with a neighbouring check that runs at the same time.
// An app that keeps sessions in a file would otherwise have them read, or overwritten, by another check's apps.
const startShop = (machine, store) => startApp({ cwd: machine.dir, env: { ...machine.env, SESSION_STORE_URL: store.url } });

// Talks to the shop like a browser with a cookie jar, so it follows whatever cookie the app sets.
function customer() {
  const jar = new Map();
  async function call(app, method, path, body) {
    const headers = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const setCookies = typeof res.headers.getSetCookie === 'function'
      ? res.headers.getSetCookie()
      : [res.headers.get('set-cookie')].filter(Boolean);
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const text = await res.text();
    let json;
    try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
    return { status: res.status, json, text };
  }
  return {
    async login(app, username) {
      const res = await call(app, 'POST', '/login', { username });
      assert.equal(res.status, 200, `POST /login answered ${res.status}, expected 200 (body: ${res.text.slice(0, 120)})`);
      assert.ok(jar.size > 0, 'POST /login answered 200 but set no cookie, so the browser has nothing to send back');
    },
    async add(app, sku, qty, where) {
      const res = await call(app, 'POST', '/cart/items', { sku, qty });
      assert.equal(res.status, 201,
        `POST /cart/items (${sku}) on ${where} answered ${res.status}, expected 201 (body: ${res.text.slice(0, 120)})`);
    },
    cart: (app) => call(app, 'GET', '/cart'),
    logout: (app) => call(app, 'POST', '/logout'),
    forget: () => jar.clear(),
    cookies: () => new Map(jar),
    restore: (saved) => { jar.clear(); for (const [k, v] of saved) jar.set(k, v); },
  };
}

function quantities(cart) {
  const items = Array.isArray(cart?.items) ? cart.items : [];
  return Object.fromEntries(items.map((item) => [item.sku, item.qty]));
}

function describeCart(cart) {
  const q = quantities(cart);
  // A quantity that is not a plain number is shown as JSON ("2" for the string), so it never reads like the number.
  const parts = Object.entries(q).map(([sku, qty]) => `${typeof qty === 'number' ? qty : JSON.stringify(qty)} × ${sku}`);
  return parts.length ? parts.join(', ') : 'an empty cart';
}

async function expectCart(shopper, app, where, expected) {
  const res = await shopper.cart(app);
  assert.equal(res.status, 200,
    `GET /cart on ${where} answered ${res.status}, expected 200: that copy did not recognise the session cookie`);
  const got = quantities(res.json);
  const typed = Object.entries(got).filter(([, qty]) => typeof qty !== 'number').map(([sku]) => sku);
  const list = typed.length > 1 ? `${typed.slice(0, -1).join(', ')} and ${typed.at(-1)}` : typed[0];
  const note = typed.length === 0 ? ''
    : typed.length === 1 ? ` (the quantity of ${list} is a ${typeof got[list]}, not a number)`
      : ` (the quantities of ${list} are not numbers)`;
  assert.deepEqual(got, expected,
    `GET /cart on ${where} showed ${describeCart(res.json)}${note}, expected ${describeCart({ items: Object.entries(expected).map(([sku, qty]) => ({ sku, qty })) })}`);
}

check('a customer who logs in on one copy is known to another copy', {
  hint: 'Two copies of the app receive the same cookie. Where would the second copy have to look to find out who it belongs to?',
}, async () => {
  const machine = appCopy();
  const store = await startStore();
  const [a, b] = await Promise.all([startShop(machine, store), startShop(machine, store)]);
  const ada = customer();
  await ada.login(a, 'ada');
  await ada.add(a, 'tea-sencha', 2, 'copy A');
  await expectCart(ada, b, 'copy B (after logging in and adding 2 × tea-sencha on copy A)', { 'tea-sencha': 2 });
});

check('requests of one customer can land on any copy, in any order', {
  hint: 'A load balancer without sticky sessions alternates between copies. If a copy keeps its own view of a cart, even as a cache, what happens when the other copy changes that cart?',
}, async () => {
  const machine = appCopy();
  const store = await startStore();
  const [a, b] = await Promise.all([startShop(machine, store), startShop(machine, store)]);
  const grace = customer();
  await grace.login(b, 'grace');
  await grace.add(a, 'tea-sencha', 1, 'copy A');
  await grace.add(b, 'mug-stoneware', 1, 'copy B');
  await grace.add(a, 'tea-sencha', 2, 'copy A');
  await grace.add(b, 'tea-assam', 1, 'copy B');
  const expected = { 'tea-sencha': 3, 'mug-stoneware': 1, 'tea-assam': 1 };
  await expectCart(grace, a, 'copy A (after adding items on A, B, A, B)', expected);
  await expectCart(grace, b, 'copy B (after adding items on A, B, A, B)', expected);
});

check('a restarted copy still knows the sessions and carts', {
  hint: 'Deploys replace processes all the time. What survives when a process is killed without warning?',
}, async () => {
  const machine = appCopy();
  const store = await startStore();
  const first = await startShop(machine, store);
  const linus = customer();
  await linus.login(first, 'linus');
  await linus.add(first, 'kettle-gooseneck', 1, 'the copy that was about to be killed');
  await first.stop();
  const second = await startShop(machine, store);
  await expectCart(linus, second, 'a freshly started copy (the first one was killed)', { 'kettle-gooseneck': 1 });
});

check('logging out on one copy ends the session on every copy', {
  hint: 'After logout, the old cookie must be worthless everywhere. Which copy would still accept it, and why does it still believe in it?',
}, async () => {
  const machine = appCopy();
  const store = await startStore();
  const [a, b] = await Promise.all([startShop(machine, store), startShop(machine, store)]);
  const ada = customer();
  await ada.login(a, 'ada');
  await ada.add(a, 'tea-assam', 1, 'copy A');
  const stolen = ada.cookies();
  const out = await ada.logout(b);
  assert.ok(out.status >= 200 && out.status < 300,
    `POST /logout on copy B answered ${out.status}, expected a 2xx status${out.status === 401 ? ': copy B did not recognise the session cookie from copy A' : ''}`);
  ada.restore(stolen);
  const res = await ada.cart(a);
  assert.equal(res.status, 401,
    `after logging out on copy B, copy A still answered GET /cart for the old cookie with ${res.status}; expected 401`);
});

// Serial: this check catches sessions kept somewhere all copies on the machine share (a file, a fixed port). If
// neighbouring checks ran such an app at the same time, their writes could clobber this check's session just
// before the copy with the other store looks for it, and the app would pass by luck.
check('sessions are kept in the store named by SESSION_STORE_URL', {
  hint: 'Copies that are given the same store must share sessions; copies given different stores must not. Is the store your app talks to the one the environment names, or somewhere else that all copies on this machine happen to share?',
  serial: true,
}, async () => {
  const machine = appCopy();
  const [shared, other] = await Promise.all([startStore(), startStore()]);
  const [a, elsewhere] = await Promise.all([startShop(machine, shared), startShop(machine, other)]);
  const ada = customer();
  await ada.login(a, 'ada');
  await ada.add(a, 'mug-stoneware', 1, 'copy A');
  const writes = shared.requests.filter((r) => r.method === 'PUT' || r.method === 'POST');
  assert.ok(writes.length > 0,
    `after a login and a cart change, the store at SESSION_STORE_URL received no writes (${shared.requests.length} requests in total)`);
  const res = await ada.cart(elsewhere);
  assert.equal(res.status, 401,
    `a copy started with a different, empty SESSION_STORE_URL answered GET /cart with ${res.status} for a session created elsewhere; expected 401, since its store has never seen that session`);
});
