import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appCopy, appFileExists, canConnect, check, listAppFiles, readAppFile, runNode, startFakeService, watchWrites } from '../kit.mjs';
import { assertPortBound, customer, delay, launch, quote } from './app.mjs';
import { importGraph, withoutComments } from '../kit.mjs';

/** Runs fn(dir) in a private copy of the learner's project (the kit's appCopy, removed when the check ends). */
const withProjectCopy = (fn) => Promise.resolve().then(() => fn(appCopy().dir));

// One check per factor. Every check starts the app with the variables the README lists (PORT, STORE_URL,
// ADMIN_TOKEN, NOTIFY_URL, plus SESSION_SECRET for apps that sign their cookies) and NODE_ENV=production,
// like a platform would; only the Codebase check varies NODE_ENV. The store starts out holding the orders
// document the brief describes, already migrated, so only the Admin check depends on migrate.js. Each check
// looks at its own factor, so a learner sees exactly which of the nine are still broken.
// The checks run side by side, each starting the app (app.mjs) in its own copy of the project (the kit's appCopy()),
// since the app may write next to its code; Port binding runs first and alone (see there).

const STARTER_ADMIN_TOKENS = ['crumb-admin-7f3e9a21c4', 'crumb-admin-dev'];
const OLD_TOKEN_PIECES = ['7f3e9a21c4', 'crumb-admin-dev']; // however the rest of the string is put together
const DATA_KEY = '/bakery'; // where the README says the orders document lives in the store

const unique = (prefix) => `${prefix}-${randomBytes(5).toString('hex')}`;
// Customers get a fresh name in each grade: an app that assumes a user (the README's "ada") cannot pass.
const NAMES = ['ada', 'grace', 'linus', 'margaret', 'alan', 'barbara', 'edsger', 'frances', 'ken', 'radia'];
const someone = () => `${NAMES[randomBytes(1)[0] % NAMES.length]}${randomBytes(2).toString('hex')}`;
// A promise's outcome kept for later, so parts of a check can run side by side and still be judged in order.
const settle = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));
const valueOf = (outcome) => {
  if (outcome.error) throw outcome.error;
  return outcome.value;
};

// --- backing services the tests control ------------------------------------------------------------------
// The key-value store of the README: GET /<key> -> value or 404, PUT (or POST) /<key> stores the body,
// DELETE /<key> removes it. It closes every connection after answering, so no idle socket keeps a
// shutting-down app alive.
async function startStore() {
  const values = new Map();
  const service = await startFakeService((req, res) => {
    const key = new URL(req.url, 'http://store').pathname;
    res.setHeader('connection', 'close');
    if (req.method === 'GET') {
      if (!values.has(key)) return res.writeHead(404).end();
      return res.writeHead(200, { 'content-type': 'application/json' }).end(values.get(key));
    }
    if (req.method === 'PUT' || req.method === 'POST') {
      values.set(key, req.body);
      return res.writeHead(204).end();
    }
    if (req.method === 'DELETE') {
      values.delete(key);
      return res.writeHead(204).end();
    }
    res.writeHead(405).end();
  });
  const writes = () => service.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
  return { ...service, values, writes };
}

async function startKitchen() {
  return startFakeService((req, res) => res.writeHead(204, { connection: 'close' }).end());
}

/** A fresh store holding an empty, current-version orders document (what a release's migration leaves). */
async function platform({ kitchen = false, ...overrides } = {}) {
  const store = await startStore();
  store.values.set(DATA_KEY, JSON.stringify({ version: 2, orders: [] }));
  const kitchenService = kitchen ? await startKitchen() : undefined;
  const adminToken = unique('admin');
  const env = {
    NODE_ENV: 'production',
    STORE_URL: store.url,
    ADMIN_TOKEN: adminToken,
    NOTIFY_URL: kitchenService?.url ?? 'http://127.0.0.1:9/kitchen',
    SESSION_SECRET: unique('secret'),
    ...overrides,
  };
  return { store, kitchen: kitchenService, adminToken, env };
}

// --- the one-off migration command -------------------------------------------------------------------------
/** `node migrate.js`, the command the brief names; undefined if the project has no migrate.js. */
function migrateArgs() {
  return appFileExists('migrate.js') ? ['migrate.js'] : undefined;
}

function lastLines(result) {
  const text = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-2).join(' | ');
  return text ? ` It printed: ${quote(text, 200)}` : '';
}

async function runMigration(project, env, what = 'node migrate.js') {
  const result = await runNode(migrateArgs(), { env, cwd: project, timeoutMs: 3000 });
  assert.ok(!result.timedOut, `${what} did not finish within 3 s; expected a one-off command that exits when it is done.`);
  assert.equal(result.code, 0, `${what} exited with code ${result.code ?? result.signal}, expected 0.${lastLines(result)}`);
}

// --- reading the learner's sources (only for what behaviour cannot show) -------------------------------------
// Only the files the app and its migration run (source-graph.mjs): a dev helper script or a test of the learner's
// own is not the app.
const sourceFiles = () => importGraph(['server.js', 'migrate.js']);

// --- the checks ----------------------------------------------------------------------------------------------
/** A check body run with a fresh copy of the learner's project, in which it starts the app. */
const inOwnCopy = (fn) => () => withProjectCopy(fn);

// Alone and first (serial): an app that ignores PORT listens on a fixed port, so copies started side by side
// would collide there and fail for a reason that is not theirs; and every other check waits for this verdict.
check('Port binding: binds the port given in PORT', {
  hint: 'On a platform many apps share one machine, so nobody can promise yours a fixed port. Where does the number the server listens on come from?',
  serial: true,
}, inOwnCopy(async (project) => {
  const { env } = await platform();
  const running = await launch(project, env, { gate: false });
  const res = await running.call('GET', '/health');
  assert.equal(res.status, 200, `GET /health on the port given in PORT answered ${res.status}, expected 200`);
}));

// A line that picks behaviour by the environment's name: compares something with a deploy name, switches
// on NODE_ENV, or looks settings up by it.
const ENV_NAME_COMPARISON = [
  /[!=]==?\s*['"`](production|development|staging|prod|dev)['"`]/,
  /['"`](production|development|staging|prod|dev)['"`]\s*[!=]==?/,
  /\bswitch\s*\(\s*[\w$.]*\b(NODE_ENV|APP_ENV|ENV)\b/,
  /\bcase\s+['"`](production|development|staging)['"`]/,
  /\[[^\]]*['"`](production|development|staging)['"`][^\]]*\]\s*\.includes\(/,
  /\[\s*(process\.env\.)?(NODE_ENV|APP_ENV)\s*\]/,
];

check('Codebase: same code in every environment', {
  hint: 'Look for every place where the code asks what the environment is called. Is each one behaviour that should be the same everywhere, or a value that should come from config?',
}, inOwnCopy(async (project) => {
  for (const { rel, text } of sourceFiles()) {
    const lines = withoutComments(text).split('\n');
    const index = lines.findIndex((line) => ENV_NAME_COMPARISON.some((pattern) => pattern.test(line)));
    assert.equal(index, -1, index === -1 ? '' :
      `${rel} line ${index + 1} still decides what to do by the environment's name: ${quote(text.split('\n')[index].trim())}. Expected one code path everywhere, with differences coming from config.`);
  }
  const names = ['production', 'development'];
  const scenario = async (nodeEnv) => {
    const { env, adminToken } = await platform({ NODE_ENV: nodeEnv });
    const running = await launch(project, env);
    const ada = customer(someone());
    const outcome = {};
    outcome['GET /orders without logging in'] = (await ada.call(running, 'GET', '/orders')).status;
    outcome['POST /login'] = (await ada.call(running, 'POST', '/login', { username: ada.username })).status;
    outcome['POST /orders after logging in'] = (await ada.call(running, 'POST', '/orders', { item: 'croissant', qty: 1, note: 'codebase' })).status;
    outcome['GET /orders after logging in'] = (await ada.call(running, 'GET', '/orders')).status;
    outcome['GET /admin/orders with the token from ADMIN_TOKEN'] = (await running.call('GET', '/admin/orders', {
      headers: { authorization: `Bearer ${adminToken}` },
    })).status;
    return outcome;
  };
  const settled = await Promise.allSettled(names.map(scenario));
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  const [production, ...others] = settled.map((outcome) => outcome.value);
  others.forEach((outcome, i) => {
    const name = names[i + 1] === undefined ? 'NODE_ENV unset' : `NODE_ENV=${names[i + 1]}`;
    for (const [what, status] of Object.entries(outcome)) {
      assert.equal(status, production[what],
        `${what} answered ${status} with ${name} but ${production[what]} with NODE_ENV=production; expected the same answer whatever the environment is called.`);
    }
  });
}));

check('Dependencies: runs from what is declared, without system tools', {
  hint: 'The platform gives your app Node and what package.json declares, nothing else. Which part of the app counts on a program that happens to be installed on the old server?',
}, inOwnCopy(async (project) => {
  let declared = {};
  try {
    const manifest = JSON.parse(readAppFile('package.json'));
    declared = { ...manifest.optionalDependencies, ...manifest.dependencies };
  } catch {
    assert.fail('package.json is missing or not valid JSON; expected it to declare what the app needs.');
  }
  const builtins = new Set(builtinModules);
  for (const { rel, imports } of sourceFiles()) {
    for (const { specifier } of imports) {
      const bare = specifier.replace(/^node:/, '');
      assert.ok(bare !== 'child_process',
        `${rel} imports ${specifier}: the app still starts other programs, which a platform image need not have. Expected it to rely only on Node and declared packages.`);
      if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || builtins.has(bare.split('/')[0])) continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
      assert.ok(Object.hasOwn(declared, name),
        `${rel} imports ${quote(specifier)}, but package.json does not declare ${name} in "dependencies"; expected every package the app uses to be declared.`);
    }
  }
  const emptyBin = await mkdtemp(path.join(tmpdir(), 'no-programs-'));
  try {
    const { env, kitchen } = await platform({ kitchen: true, PATH: emptyBin });
    const running = await launch(project, env);
    const ada = customer(someone());
    await ada.login(running);
    const note = unique('deps');
    await ada.order(running, note);
    const deadline = Date.now() + 1500;
    while (!kitchen.requests.some((r) => r.body.includes(note)) && Date.now() < deadline) await delay(25);
    assert.ok(kitchen.requests.some((r) => r.body.includes(note)),
      'An order was placed, but the kitchen webhook at NOTIFY_URL heard nothing about it within 1.5 s. The app ran with a PATH that holds no programs, as on a slim platform image; expected it to notify the kitchen with what Node itself provides.');
  } finally {
    await rm(emptyBin, { recursive: true, force: true });
  }
}));

check('Config: the secret comes only from the environment', {
  hint: 'Could you publish this repository today without leaking the admin token? Think about what happens when the variable is there, and when it is not.',
}, async () => {
  // With the variable and without it: two separate apps, each with its own store and copy of the project, so
  // they start side by side; what they answered is judged in that order.
  const withToken = settle(withProjectCopy(async (project) => {
    const { env, adminToken } = await platform();
    const running = await launch(project, env);
    const admin = (token) => running.call('GET', '/admin/orders', { headers: { authorization: `Bearer ${token}` } });
    const withEnvToken = await admin(adminToken);
    assert.equal(withEnvToken.status, 200,
      `GET /admin/orders with the token from ADMIN_TOKEN answered ${withEnvToken.status}, expected 200.`);
    for (const old of STARTER_ADMIN_TOKENS) {
      const res = await admin(old);
      assert.notEqual(res.status, 200, `GET /admin/orders still accepts the token written in the code (${old}); expected only the one in ADMIN_TOKEN to work.`);
    }
  }));
  const withoutToken = settle(withProjectCopy(async (project) => {
    const { env } = await platform({ ADMIN_TOKEN: undefined });
    const unset = await launch(project, env, { allowExit: true });
    if (!unset) return; // refusing to start without its secret is the best answer
    for (const guess of [...STARTER_ADMIN_TOKENS, 'undefined', '']) {
      const res = await unset.call('GET', '/admin/orders', { headers: { authorization: `Bearer ${guess}` } });
      assert.notEqual(res.status, 200,
        `With ADMIN_TOKEN unset, GET /admin/orders accepted the token ${quote(guess || '(empty)')}; expected no built-in or fallback token to work.`);
    }
  }));
  valueOf(await withToken);
  valueOf(await withoutToken);
  // An old token still in the code, even unused, is published with it: the code the app runs must not hold it.
  for (const { rel, text } of sourceFiles()) {
    const piece = OLD_TOKEN_PIECES.find((old) => text.includes(old));
    const line = piece && text.slice(0, text.indexOf(piece)).split('\n').length;
    assert.ok(!piece,
      `${rel} line ${line} still holds the admin token that was written in the code (${quote(piece ?? '')}), even if nothing uses it: whoever can read the code can use it. Expected the token to exist only in ADMIN_TOKEN.`);
  }
});

/** The files of the project copy that contain needle. */
async function filesContaining(project, needle) {
  const found = [];
  for (const rel of listAppFiles(project)) {
    const full = path.join(project, rel);
    try {
      if ((await stat(full)).size > 2_000_000) continue;
      if ((await readFile(full, 'utf8')).includes(needle)) found.push(rel);
    } catch {
      // vanished or unreadable: nothing to report
    }
  }
  return found;
}

check('Backing services: data lives in the store at STORE_URL', {
  hint: 'A second server, or a fresh container, must see the same orders. Where do they live today, and how would the app find a store that runs somewhere else?',
}, inOwnCopy(async (project) => {
  const { env, store } = await platform();
  const running = await launch(project, env);
  const ada = customer(someone());
  await ada.login(running);
  const note = unique('backing');
  await ada.order(running, note);
  const underKey = String(store.values.get(DATA_KEY) ?? '').includes(note);
  const otherKeys = [...store.values].filter(([key, value]) => key !== DATA_KEY && value.includes(note)).map(([key]) => key.slice(1));
  const local = await filesContaining(project, note);
  assert.ok(underKey,
    `An order was placed but the orders document under the key "bakery" in the store at STORE_URL does not hold it${otherKeys.length ? `; it went under ${otherKeys.map((key) => `"${key}"`).join(', ')} instead` : local.length ? `; it was written to ${local.join(', ')} in the app's folder instead` : ''}. Expected the orders to live in that store, under the key the brief names.`);
  assert.deepEqual(local, [],
    `The order was also written to ${local.join(', ')} in the app's folder; expected the store at STORE_URL to be the only place it lives.`);
  // Orders are read from the store too: one added to the document behind the app's back must show up.
  let document;
  try {
    document = JSON.parse(store.values.get(DATA_KEY));
  } catch {
    document = undefined;
  }
  if (!Array.isArray(document?.orders)) return; // a document of another shape: nothing to add to safely
  const added = unique('added');
  document.orders.push({ ...document.orders.find((order) => order.note === note), id: randomBytes(3).toString('hex'), note: added, createdAt: new Date().toISOString() });
  store.values.set(DATA_KEY, JSON.stringify(document));
  const res = await ada.call(running, 'GET', '/orders');
  assert.ok(res.status === 200 && res.text.includes(added),
    `An order added to the document under "bakery" in the store (behind the app's back) did not show up in GET /orders (${res.status}); expected the app to read the orders from the store on every request, not from a copy it keeps.`);
}));

check('Processes: any process can serve any request', {
  hint: 'Behind a load balancer, the request after logging in can land on another copy of the app. What does that copy know about the cookie, and about orders the first copy just took?',
}, inOwnCopy(async (project) => {
  const { env } = await platform();
  // Both copies run from one folder, as two processes of one release would.
  const a = await launch(project, env);
  const b = await launch(project, env);
  const ada = customer(someone());
  for (const [method, body] of [['GET'], ['POST', { item: 'croissant', qty: 1, note: unique('anonymous') }]]) {
    const anonymous = await b.call(method, '/orders', { body });
    assert.equal(anonymous.status, 401,
      `${method} /orders without a session cookie answered ${anonymous.status}; expected 401, as the README says: without a session there is no customer to act for.`);
  }
  await ada.login(a, 'copy A');
  const list = async (copy, where, notes) => {
    const res = await ada.call(copy, 'GET', '/orders');
    assert.equal(res.status, 200,
      `GET /orders on ${where} answered ${res.status}, expected 200: ${where} did not recognise the session created on copy A.`);
    const missing = notes.filter((note) => !res.text.includes(note));
    assert.deepEqual(missing, [],
      `GET /orders on ${where} did not list ${missing.length === 1 ? 'the order' : 'the orders'} just placed on the other copy; expected every copy to see the same orders.`);
  };
  // Both copies have served this customer before the orders are placed, so neither starts out knowing nothing.
  await list(a, 'copy A', []);
  await list(b, 'copy B', []);
  const first = unique('processes');
  const res = await ada.call(b, 'POST', '/orders', { item: 'croissant', qty: 2, note: first });
  assert.equal(res.status, 201, `POST /orders on copy B answered ${res.status}, expected 201 (body: ${res.text.slice(0, 120)})`);
  await list(a, 'copy A', [first]);
  const second = unique('processes');
  await ada.order(a, second, 'copy A');
  await list(b, 'copy B', [first, second]);
}));

/** A POST /login whose body is held back: resolves `continued` once the app has read the headers. */
function inFlightLogin(port) {
  const req = http.request({
    host: '127.0.0.1', port, method: 'POST', path: '/login', agent: false,
    headers: { 'content-type': 'application/json', expect: '100-continue', connection: 'close' },
  });
  const continued = new Promise((resolve, reject) => {
    req.once('continue', resolve);
    req.once('error', reject);
  });
  const response = new Promise((resolve) => {
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode }));
      res.once('error', (error) => resolve({ error }));
    });
    req.once('error', (error) => resolve({ error }));
  });
  req.flushHeaders();
  return { continued, response, finish: (body) => req.end(body) };
}

/** promise's value, or undefined after ms; the timer is cleared, so it never keeps the test process alive. */
function within(promise, ms) {
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(resolve, ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

check('Disposability: shuts down gracefully on SIGTERM', {
  hint: 'A deploy sends SIGTERM to the old process while customers are mid-request. What does Node do with that signal if the app says nothing about it, and what should happen instead?',
}, inOwnCopy(async (project) => {
  const { env } = await platform();
  const running = await launch(project, env);
  const login = inFlightLogin(running.port);
  const started = await within(login.continued.then(() => true, () => false), 2000);
  assert.ok(started, 'POST /login with "Expect: 100-continue" got no "100 Continue" within 2 s; expected the app to start on the request.');

  running.app.kill('SIGTERM');
  let exit;
  running.app.exited.then((value) => { exit = value; });
  const deadline = Date.now() + 2000;
  while (!exit && (await canConnect(running.port)) && Date.now() < deadline) await delay(10);
  assert.ok(exit || !(await canConnect(running.port)),
    'For 2 s after SIGTERM the app kept accepting new connections; expected it to stop accepting them at once.');

  login.finish(JSON.stringify({ username: 'grace' }));
  const answer = await within(login.response, 2500);
  assert.ok(answer && !answer.error,
    `The POST /login that was in flight when SIGTERM arrived got no answer (${answer?.error?.code ?? answer?.error?.message ?? 'nothing within 2.5 s'}); expected the app to finish it before exiting.`);
  assert.ok(answer.status >= 200 && answer.status < 300,
    `The POST /login that was in flight when SIGTERM arrived was answered ${answer.status}, expected a 2xx status.`);
  const ended = await within(running.app.exited, 2000);
  assert.ok(ended, 'The app was still running 2 s after answering its last request; expected it to exit once nothing is in flight.');
  assert.ok(ended.code === 0,
    `After SIGTERM the app ${ended.signal ? `was stopped by ${ended.signal}` : `exited with code ${ended.code}`}; expected a clean exit with code 0.`);
}));

check('Logs: events go to stdout, not to a file', {
  hint: 'In a container, a file written next to the code disappears with the container and nobody can search it. Which stream does every platform collect for you?',
}, async () => {
  // Its own copy, watched wherever the app can write (its folder, ../, node_modules, os.tmpdir() and HOME).
  const copy = appCopy();
  const project = copy.dir;
  const watch = watchWrites(copy);
  const { env } = await platform();
  const running = await launch(project, { ...env, ...copy.env });
  const target = `/orders/${unique('trace')}`;
  await running.call('GET', target);
  await running.call('GET', '/health');
  // Wait for the request's log line: on stdout (as expected) or in a file of the app's folder, whichever comes
  // first. Only an app that logs it nowhere waits out the second, which a late, asynchronous logger may need.
  const deadline = Date.now() + 1000;
  let files = [];
  while (!running.app.stdout.includes(target) && Date.now() < deadline) {
    files = await filesContaining(project, target);
    if (files.length > 0) break;
    await delay(20);
  }
  if (files.length === 0) files = await filesContaining(project, target);
  assert.deepEqual(files, [],
    `The request GET ${target} was written to ${files.join(', ')} in the app's folder; expected log events on stdout and no log files.`);
  const written = watch.changes();
  assert.deepEqual(written, [], `While serving requests the app ${written.slice(0, 3).join(', ')}; expected log events on stdout and no log files at all, anywhere.`);
  assert.ok(running.app.stdout.includes(target),
    `The request GET ${target} did not show up on stdout${running.app.stderr.includes(target) ? ' (only on stderr)' : ''}; expected one line per request there, e.g. with its method, path and status.`);
  // One line per event: text or JSON, but never an event spread over several lines (indented JSON, an object
  // printed by console.log, a stack), which a collector splits into pieces that mean nothing on their own.
  const piece = running.app.stdout.split('\n').find(isPieceOfAnEvent);
  assert.ok(piece === undefined,
    `stdout had the line ${quote(piece ?? '')}, a piece of an event spread over several lines; expected each event on one line of its own.`);
});

/** A line that is only part of an event: a lone brace, an indented "key": value, a stack frame, broken JSON. */
function isPieceOfAnEvent(line) {
  const text = line.trim();
  if (text === '') return false;
  if (/^[{}[\]],?$/.test(text)) return true;
  if (/^"[^"]*"\s*:/.test(text)) return true;
  if (/^\s+[\w$]+: .*,?$/.test(line) || /^at \S.*:\d+:\d+\)?$/.test(text)) return true;
  if (text.startsWith('{')) {
    try {
      JSON.parse(text);
    } catch {
      return true;
    }
  }
  return false;
}

check('Admin processes: migrations run as a one-off command', {
  hint: 'If five copies of the web process start at once, five of them reshape the same data. What could run the migration exactly once per release, with the same code and config as the app?',
}, async () => {
  const args = migrateArgs();
  assert.ok(args,
    'Your project has no migrate.js (and no "migrate" script in package.json that runs `node <file>`); expected a one-off command, `node migrate.js`, that migrates the data in the store.');
  assertPortBound();
  // Starting the web process on last release's data, and migrating that data twice: each with its own store
  // holding the old document and its own copy of the project, so the two run side by side. The web process is
  // judged first, as when the migration ran after it.
  const abandoned = { now: false }; // set when the check has failed, so the migration starts nothing more
  const web = settle(withProjectCopy(webLeavesOldDataAlone));
  const migration = settle(withProjectCopy((project) => migratesOnce(project, abandoned)));
  const webOutcome = await web;
  abandoned.now = Boolean(webOutcome.error);
  valueOf(webOutcome);
  valueOf(await migration);
});

const LEGACY = {
  version: 1,
  orders: [
    { id: 'a1f3c2', user: 'ada', item: 'croissant', qty: 2, note: '', createdAt: '2024-03-02T08:15:00.000Z' },
    { id: '9b7e41', user: 'linus', item: 'sourdough', qty: 1, note: 'sliced', createdAt: '2024-03-02T08:40:00.000Z' },
  ],
};

async function legacyPlatform() {
  const { env, store } = await platform();
  store.values.set(DATA_KEY, JSON.stringify(LEGACY));
  return { env, store };
}

async function webLeavesOldDataAlone(project) {
  const outcomes = [
    settle(webWritesNothingAtStart(project, 'on last release\'s data', (store) => store.values.set(DATA_KEY, JSON.stringify(LEGACY)))),
    settle(webWritesNothingAtStart(project, 'on a store without the orders document', (store) => store.values.delete(DATA_KEY))),
  ];
  for (const outcome of outcomes) valueOf(await outcome);
}

/** Starts the web process on a store prepared by `prepare`, makes two requests, expects no write to the store. */
async function webWritesNothingAtStart(project, what, prepare) {
  const { env, store } = await platform();
  prepare(store);
  const web = await launch(project, env, { allowExit: true });
  if (web) {
    await web.call('GET', '/health');
    await web.call('GET', '/menu');
    await web.app.stop();
  }
  const webWrites = store.writes().map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(webWrites, [],
    `Starting the web process ${what} wrote to the store (${webWrites.slice(0, 3).join(', ')}); expected it to leave the data alone, and migrating or preparing the data to be a separate command.`);
}

async function migratesOnce(project, abandoned) {
  const { env, store } = await legacyPlatform();
  if (abandoned.now) return;
  await runMigration(project, env);
  let migrated;
  try {
    migrated = JSON.parse(store.values.get(DATA_KEY));
  } catch {
    migrated = undefined;
  }
  const ok = migrated?.version === 2 && Array.isArray(migrated.orders) && migrated.orders.length === LEGACY.orders.length
    && migrated.orders.every((order) => order.status === 'received');
  assert.ok(ok,
    `After node migrate.js, the orders document under the key "bakery" in the store was ${quote(String(store.values.get(DATA_KEY)), 160)}; expected version 2 with every old order given the status "received".`);

  const once = new Map(store.values);
  if (abandoned.now) return;
  await runMigration(project, env, 'The second node migrate.js');
  const changed = [...new Set([...once.keys(), ...store.values.keys()])].filter((key) => once.get(key) !== store.values.get(key));
  assert.deepEqual(changed, [], `Running node migrate.js a second time changed ${changed.join(', ')} in the store; expected it to find nothing to do.`);
}
