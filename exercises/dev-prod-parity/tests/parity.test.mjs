import assert from 'node:assert/strict';
import { appCopy, check, startApp, startFakeService } from '../kit.mjs';

// A stand-in for the key-value store of the starter's README: GET /<key> -> value or 404,
// PUT (or POST) /<key> stores the body, DELETE /<key> removes it. Any key naming scheme works.
async function startStore() {
  const values = new Map();
  const service = await startFakeService((req, res) => {
    const key = new URL(req.url, 'http://store').pathname;
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
  const count = (...methods) => service.requests.filter((r) => methods.includes(r.method)).length;
  return { ...service, values, writes: () => count('PUT', 'POST', 'DELETE') };
}

const describeEnv = (nodeEnv) => (nodeEnv === undefined ? 'NODE_ENV unset' : `NODE_ENV=${nodeEnv}`);

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

const QUESTION = { question: 'Where do we go for the team lunch?', options: ['ramen', 'tacos', 'salad'] };

async function createPoll(app, where) {
  const res = await call(app, 'POST', '/polls', QUESTION);
  assert.equal(res.status, 201, `With ${where}, POST /polls answered ${res.status}, expected 201 (body: ${res.text.slice(0, 120)})`);
  assert.ok(res.json?.id, `With ${where}, POST /polls answered 201 without the new poll's id (body: ${res.text.slice(0, 120)})`);
  return res.json.id;
}

async function vote(app, id, option, where) {
  const res = await call(app, 'POST', `/polls/${id}/votes`, { option });
  assert.equal(res.status, 201,
    `With ${where}, POST /polls/${id}/votes for "${option}" answered ${res.status}, expected 201 (body: ${res.text.slice(0, 120)})`);
}

// Every check runs the app in a folder of its own (the kit's appCopy()), so a stand-in that keeps polls in a file
// is not shared with, or overwritten by, a neighbouring check that runs at the same time.
const startIn = (machine, env) => startApp({ cwd: machine.dir, env: { ...machine.env, ...env } });

// What one environment does with a poll: fails the test with a message if it bypasses the store.
async function usesStore(machine, nodeEnv) {
  const where = describeEnv(nodeEnv);
  const store = await startStore();
  const app = await startIn(machine, { NODE_ENV: nodeEnv, STORE_URL: store.url });
  const id = await createPoll(app, where);
  assert.ok(store.writes() > 0,
    `With ${where}, POST /polls answered 201 but nothing was written to the store at STORE_URL; expected every environment to keep polls in that store.`);
  const res = await call(app, 'GET', `/polls/${id}`);
  assert.equal(res.status, 200, `With ${where}, GET /polls/${id} right after creating it answered ${res.status}, expected 200`);
}

check('Dev/prod parity: every environment uses the store at STORE_URL', {
  hint: 'Start the app the way a developer does on a laptop. Which store does it talk to then, and is that the one production uses?',
}, async () => {
  // development is the classic culprit; the other names catch a branch that was only renamed.
  const names = ['development', 'dev', 'local', 'test', 'staging', undefined];
  const machine = appCopy();
  const runs = names.map((name) => usesStore(machine, name));
  for (const run of runs) run.catch(() => {}); // each is awaited below, in order
  // The first failure in the order of names is the one reported, so the verdict is known as soon as every
  // environment before it has passed: no need to wait for the rest.
  for (const run of runs) await run;
});

check('Dev/prod parity: votes count the same in development and production', {
  hint: 'Vote twice, then look at the poll again, once with NODE_ENV=production. Why would a fake store hide what the real one shows?',
}, async () => {
  const expected = { ramen: 2, tacos: 1, salad: 0 };
  const machine = appCopy();
  const results = {};
  // One environment after the other: side by side they finish no sooner, since check 1's six apps keep the CPU
  // busy, and they would only slow those down.
  for (const nodeEnv of ['production', 'development']) {
    const where = describeEnv(nodeEnv);
    const store = await startStore();
    const app = await startIn(machine, { NODE_ENV: nodeEnv, STORE_URL: store.url });
    const id = await createPoll(app, where);
    await vote(app, id, 'ramen', where);
    await vote(app, id, 'tacos', where);
    await vote(app, id, 'ramen', where);
    const res = await call(app, 'GET', `/polls/${id}`);
    assert.equal(res.status, 200, `With ${where}, GET /polls/${id} after voting answered ${res.status}, expected 200`);
    const votes = res.json?.votes ?? {};
    results[nodeEnv] = Object.fromEntries(Object.keys(expected).map((option) => [option, votes[option]]));
    await app.stop();
    await store.close();
  }
  const show = (votes) => Object.entries(votes).map(([option, n]) => `${option} ${n ?? '?'}`).join(', ');
  const cast = 'After 2 votes for ramen and 1 for tacos';
  if (!isDeepStrictEqual(results.production, results.development)) {
    assert.fail(`${cast}, GET /polls/<id> showed ${show(results.development)} with NODE_ENV=development but ${show(results.production)} with NODE_ENV=production; expected both to show ${show(expected)}.`);
  }
  assert.deepEqual(results.production, expected,
    `${cast}, GET /polls/<id> showed ${show(results.production)} in development and in production; expected ${show(expected)}.`);
});

check('Dev/prod parity: no in-memory stand-in when STORE_URL is missing', {
  hint: 'A quiet fallback is the same fake with a different switch. What should a process do when the one store it is meant to use has not been given to it?',
}, async () => {
  const env = { NODE_ENV: 'development', STORE_URL: undefined };
  const machine = appCopy();
  let a;
  let b;
  try {
    a = await startIn(machine, env);
    b = await startIn(machine, env); // only once a has started: an app that refuses to start costs one process
  } catch {
    return; // refusing to start without its store is a fine answer
  }
  let created;
  try {
    created = await call(a, 'POST', '/polls', QUESTION);
  } catch {
    return; // the request failed, or the app stopped: nothing was kept in memory
  }
  if (created.status !== 201 || !created.json?.id) return;
  const id = created.json.id;
  const [onA, onB] = await Promise.all([
    call(a, 'GET', `/polls/${id}`).catch(() => undefined),
    call(b, 'GET', `/polls/${id}`).catch(() => undefined),
  ]);
  assert.ok(!(onA?.status === 200 && onB?.status !== 200),
    `With STORE_URL unset, POST /polls answered 201 and the poll could be read back from the same process (but not from a second one), so it was kept in process memory; expected the app to refuse to run, or to fail, without its store.`);
});

function isDeepStrictEqual(a, b) {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
