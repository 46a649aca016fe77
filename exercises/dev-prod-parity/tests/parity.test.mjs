import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import { appCopy, check, listAppFiles, readAppFile, startApp, startFakeService } from '../kit.mjs';

// A stand-in for the key-value store of the starter's README: GET /<key> -> value or 404, PUT (or POST) /<key>
// stores the body, DELETE /<key> removes it. Any key naming scheme works. A write takes effect when the store
// answers it, WRITE_MS after it arrived, as on a real store over a network: an app that answers before its
// write is done hands out a tally the store does not have yet.
const WRITE_MS = 80;

function storeHandler(values) {
  return async (req, res) => {
    const key = new URL(req.url, 'http://store').pathname;
    if (req.method === 'GET') {
      if (!values.has(key)) return res.writeHead(404).end();
      return res.writeHead(200, { 'content-type': 'application/json' }).end(values.get(key));
    }
    if (req.method === 'PUT' || req.method === 'POST' || req.method === 'DELETE') {
      await new Promise((resolve) => setTimeout(resolve, WRITE_MS));
      if (req.method === 'DELETE') values.delete(key);
      else values.set(key, req.body);
      return res.writeHead(204).end();
    }
    res.writeHead(405).end();
  };
}

async function startStore() {
  const values = new Map();
  const service = await startFakeService(storeHandler(values));
  const count = (...methods) => service.requests.filter((r) => methods.includes(r.method)).length;
  return { ...service, values, writes: () => count('PUT', 'POST', 'DELETE') };
}

/**
 * The store at the README's local address, http://127.0.0.1:6380, which `npm run kv` serves on a laptop: an
 * app must use it like any other STORE_URL. Undefined when the port is taken here (a learner's own `npm run kv`).
 */
async function startStoreAtReadmeAddress() {
  const values = new Map();
  const requests = [];
  const handle = storeHandler(values);
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk) => { body += chunk; }).on('end', () => {
      req.body = body;
      requests.push({ method: req.method, url: req.url });
      res.setHeader('connection', 'close');
      handle(req, res);
    });
  });
  const listening = await new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(6380, '127.0.0.1', () => resolve(true));
  });
  if (!listening) return undefined;
  return {
    url: 'http://127.0.0.1:6380',
    values,
    writes: () => requests.filter((r) => r.method !== 'GET').length,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

const describeEnv = (env) => {
  const named = Object.entries(env).filter(([name]) => name !== 'STORE_URL');
  if (named.length === 0) return 'NODE_ENV unset';
  return named.map(([name, value]) => (value === undefined ? `${name} unset` : `${name}=${value}`)).join(', ');
};

async function call(app, method, path, body) {
  const init = { method };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await app.fetch(path, init);
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, json, text };
}

// A fresh poll for each grade: its question and options are not known in advance.
const QUESTIONS = ['Where do we go for the team lunch?', 'Which day suits the retro best?', 'What do we call the new service?', 'Which board game on Friday?'];
const OPTIONS = ['ramen', 'tacos', 'salad', 'curry', 'pho', 'falafel', 'monday', 'thursday', 'otter', 'heron', 'chess', 'carcassonne'];
function newPoll() {
  const options = OPTIONS.map((option) => [Math.random(), option]).sort(([a], [b]) => a - b).slice(0, 3).map(([, option]) => option);
  return { question: QUESTIONS[randomInt(QUESTIONS.length)], options };
}

async function createPoll(app, where, poll = newPoll()) {
  const res = await call(app, 'POST', '/polls', poll);
  assert.equal(res.status, 201, `With ${where}, POST /polls answered ${res.status}, expected 201 (body: ${res.text.slice(0, 120)})`);
  assert.ok(res.json?.id, `With ${where}, POST /polls answered 201 without the new poll's id (body: ${res.text.slice(0, 120)})`);
  return res.json.id;
}

async function vote(app, id, option, where) {
  const res = await call(app, 'POST', `/polls/${id}/votes`, { option });
  assert.equal(res.status, 201,
    `With ${where}, POST /polls/${id}/votes for "${option}" answered ${res.status}, expected 201 (body: ${res.text.slice(0, 120)})`);
}

const startIn = (machine, env) => startApp({ cwd: machine.dir, env: { ...machine.env, ...env } });

// --- the environments a developer's run can differ in --------------------------------------------------------
const ENV_NAME = /[A-Z_][A-Z0-9_]*/.source;
const BRIEF_VARIABLES = new Set(['STORE_URL', 'NODE_ENV', 'PORT', 'PATH', 'HOME', 'TMPDIR']);

/** The variables an npm script sets before `node` (`dev`: "NODE_ENV=development node server.js"), per script. */
function npmScriptEnvs() {
  let scripts = {};
  try {
    scripts = JSON.parse(readAppFile('package.json')).scripts ?? {};
  } catch {
    return [];
  }
  const envs = [];
  for (const [name, command] of Object.entries(scripts)) {
    if (typeof command !== 'string' || !/\bnode\b/.test(command) || /dev\/kv-server/.test(command)) continue;
    const assignments = [...command.matchAll(new RegExp(`(?:^|\\s)(${ENV_NAME})=("[^"]*"|'[^']*'|\\S*)`, 'g'))]
      .map(([, variable, value]) => [variable, value.replace(/^(["'])(.*)\1$/, '$2')])
      .filter(([variable]) => variable !== 'STORE_URL' && variable !== 'PORT');
    if (assignments.length > 0) envs.push({ label: `npm run ${name}`, env: Object.fromEntries(assignments) });
  }
  return envs;
}

/** Variables the learner's code reads besides the brief's (a switch of its own), each set to a "yes". */
function ownSwitchEnvs() {
  const names = new Set();
  for (const file of listAppFiles().filter((rel) => /\.(c|m)?js$/.test(rel))) {
    const text = readAppFile(file);
    for (const [, name] of text.matchAll(new RegExp(`process\\.env(?:\\.|\\[\\s*['"\`])(${ENV_NAME})`, 'g'))) names.add(name);
    for (const [, list] of text.matchAll(/\{([^{}]*)\}\s*=\s*process\.env\b/g)) {
      for (const [name] of list.matchAll(new RegExp(ENV_NAME, 'g'))) names.add(name);
    }
  }
  const own = [...names].filter((name) => !BRIEF_VARIABLES.has(name));
  if (own.length === 0) return [];
  return ['1', 'true'].map((value) => ({ label: `${own.join(', ')} set to ${value}`, env: Object.fromEntries(own.map((name) => [name, value])), optional: true }));
}

/**
 * One environment: creates a poll, expects it written to the store, read back, and gone once the store loses it
 * behind the app's back (a copy kept in the process would still answer). Fails the test with a message if the
 * app bypasses the store. An `optional` environment the app refuses to run in proves nothing and passes.
 */
async function usesStore(machine, variant, store) {
  const where = variant.label ?? describeEnv(variant.env);
  let app;
  try {
    app = await startIn(machine, { ...variant.env, STORE_URL: store.url });
  } catch (error) {
    if (variant.optional) return;
    throw error;
  }
  let id;
  try {
    id = await createPoll(app, where);
  } catch (error) {
    if (variant.optional && store.writes() === 0 && !/answered 201/.test(error.message)) return;
    throw error;
  }
  assert.ok(store.writes() > 0,
    `With ${where}, POST /polls answered 201 but nothing was written to the store at STORE_URL (${store.url}); expected every environment to keep polls in that store.`);
  const res = await call(app, 'GET', `/polls/${id}`);
  assert.equal(res.status, 200, `With ${where}, GET /polls/${id} right after creating it answered ${res.status}, expected 200`);
  store.values.clear();
  const after = await call(app, 'GET', `/polls/${id}`);
  assert.notEqual(after.status, 200,
    `With ${where}, the poll was removed from the store behind the app's back, yet GET /polls/${id} still answered 200 with it; expected polls to be read from the store at STORE_URL, not from a copy the process keeps.`);
}

check('Dev/prod parity: every environment uses the store at STORE_URL', {
  hint: 'Start the app the way a developer does on a laptop (npm run dev). Which store does it talk to then, and where does it read a poll from when you ask for it again?',
}, async () => {
  // development is the classic culprit; the other names catch a branch that was only renamed. npm scripts and
  // switches of the learner's own are tried as the brief says: only STORE_URL may differ.
  const machine = appCopy();
  const variants = [
    ...['development', 'production', 'local', 'test'].map((name) => ({ env: { NODE_ENV: name } })),
    { env: { NODE_ENV: undefined } },
    ...npmScriptEnvs(),
    ...ownSwitchEnvs(),
  ];
  const runs = variants.map(async (variant) => usesStore(machine, variant, await startStore()));
  // The README's own local address is a store like any other.
  const readme = await startStoreAtReadmeAddress();
  if (readme) runs.push(usesStore(machine, { label: 'NODE_ENV=development and STORE_URL=http://127.0.0.1:6380 (the README\'s local store)', env: { NODE_ENV: 'development' } }, readme).finally(() => readme.close()));
  for (const run of runs) run.catch(() => {}); // each is awaited below, in order
  // The first failure in the order above is the one reported.
  for (const run of runs) await run;
});

check('Dev/prod parity: votes count the same in development and production', {
  hint: 'Vote a few times through two copies of the app that share one store, one in development and one in production, and look at the poll through both. Where is the tally kept, and when is it written?',
}, async () => {
  // Two copies of the app in folders of their own, one with NODE_ENV=development and one with production, share
  // one store: each vote goes through one of them and the tally is read through the other, as on a platform
  // that runs several instances. Counts held in a process, or written after the answer, show up here.
  const store = await startStore();
  const dev = { app: await startIn(appCopy(), { NODE_ENV: 'development', STORE_URL: store.url }), where: 'NODE_ENV=development' };
  const prod = { app: await startIn(appCopy(), { NODE_ENV: 'production', STORE_URL: store.url }), where: 'NODE_ENV=production' };
  const poll = newPoll();
  const id = await createPoll(dev.app, dev.where, poll);
  const [first, second, third] = poll.options;
  const ballots = [...Array(2 + randomInt(2)).fill(first), ...Array(1 + randomInt(2)).fill(second)]
    .map((option) => [Math.random(), option]).sort(([a], [b]) => a - b).map(([, option]) => option);
  const expected = { [first]: 0, [second]: 0, [third]: 0 };
  const show = (votes) => Object.keys(expected).map((option) => `${option} ${votes[option] ?? '?'}`).join(', ');
  const tally = async (copy) => {
    const res = await call(copy.app, 'GET', `/polls/${id}`);
    assert.equal(res.status, 200, `GET /polls/${id} on the copy with ${copy.where} answered ${res.status}, expected 200 (body: ${res.text.slice(0, 120)})`);
    const votes = res.json?.votes ?? {};
    return Object.fromEntries(Object.keys(expected).map((option) => [option, votes[option]]));
  };
  for (const [index, option] of ballots.entries()) {
    const [through, other] = index % 2 === 0 ? [prod, dev] : [dev, prod];
    await vote(through.app, id, option, through.where);
    expected[option] += 1;
    const seen = await tally(other);
    assert.deepEqual(seen, expected,
      `After ${index + 1} vote${index ? 's' : ''} (the last one for "${option}" through the copy with ${through.where}, answered 201), GET /polls/<id> on the copy with ${other.where} showed ${show(seen)}; expected ${show(expected)}. Both copies share one store: a vote must be in the store when it is answered, and the tally read from there.`);
  }
  for (const copy of [dev, prod]) {
    const seen = await tally(copy);
    assert.deepEqual(seen, expected,
      `After ${ballots.length} votes through both copies, GET /polls/<id> on the copy with ${copy.where} showed ${show(seen)}; expected ${show(expected)}.`);
  }
});

/** Two copies of the app without STORE_URL: a poll created in one that only that one can read was kept in memory. */
async function keepsPollsInMemory(env) {
  const machine = appCopy();
  let a;
  let b;
  try {
    a = await startIn(machine, env);
    b = await startIn(machine, env); // only once a has started: an app that refuses to start costs one process
  } catch {
    return false; // refusing to start without its store is a fine answer
  }
  let created;
  try {
    created = await call(a, 'POST', '/polls', newPoll());
  } catch {
    return false; // the request failed, or the app stopped: nothing was kept in memory
  }
  if (created.status !== 201 || !created.json?.id) return false;
  const id = created.json.id;
  const [onA, onB] = await Promise.all([
    call(a, 'GET', `/polls/${id}`).catch(() => undefined),
    call(b, 'GET', `/polls/${id}`).catch(() => undefined),
  ]);
  return onA?.status === 200 && onB?.status !== 200;
}

check('Dev/prod parity: no in-memory stand-in when STORE_URL is missing', {
  hint: 'A quiet fallback is the same fake with a different switch. What should a process do when the one store it is meant to use has not been given to it?',
}, async () => {
  const variants = [{ NODE_ENV: 'development', STORE_URL: undefined }, { NODE_ENV: undefined, STORE_URL: undefined }];
  const found = await Promise.all(variants.map(keepsPollsInMemory));
  const index = found.indexOf(true);
  assert.equal(index, -1, index === -1 ? '' :
    `With STORE_URL unset (${describeEnv(variants[index])}), POST /polls answered 201 and the poll could be read back from the same process (but not from a second one), so it was kept in process memory; expected the app to refuse to run, or to fail, without its store.`);
});
