import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  appFileExists, check, freePort, listAppFiles, readAppFile, runNode, startApp, startFakeService,
} from '../kit.mjs';

// Black-box where possible: the app is started with values only this run knows, against fake backing
// services, so it passes only if it really takes its configuration from the environment.
// The checks share nothing fixed (each has its own fake services and free ports; the file checks only read) and
// time nothing, so they all run side by side.

const OLD_SECRETS = [
  { text: '51c9e0a7f3b24d68a1e5c7d9b2f4a6e8', what: 'the old Mailwing API key' },
  { text: 's3cr3t-beans', what: 'the old database password' },
];
const REQUIRED = ['DATABASE_URL', 'MAIL_API_URL', 'MAIL_API_KEY'];

const token = () => randomBytes(6).toString('hex');
const ORDER = { _id: 'ord-1', _rev: '1-a', customer: 'Ada', email: 'ada@example.test', total: 42 };

/** A CouchDB stand-in holding one order in database `name`; it records the requests the app made. */
function fakeDatabase(name) {
  return startFakeService((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === `/${name}/_all_docs?include_docs=true`) {
      return res.end(JSON.stringify({ total_rows: 1, rows: [{ id: ORDER._id, doc: ORDER }] }));
    }
    if (req.url === `/${name}/${ORDER._id}`) return res.end(JSON.stringify(ORDER));
    res.writeHead(404).end(JSON.stringify({ error: 'not_found' }));
  });
}

/** Environment for one run: a database with its own name and credentials, a mail API with its own key. */
async function services() {
  const name = `orders_${token()}`;
  const db = await fakeDatabase(name);
  const mail = await startFakeService((req, res) => res.writeHead(202, { 'content-type': 'application/json' }).end('{}'));
  const user = `grader_${token()}`;
  const password = `pw_${token()}`;
  const env = {
    DATABASE_URL: `http://${user}:${password}@127.0.0.1:${db.port}/${name}`,
    MAIL_API_URL: `${mail.url}/v1`,
    MAIL_API_KEY: `mw_test_${token()}`,
  };
  return { db, mail, env, basic: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

check('reads the orders database from DATABASE_URL', {
  hint: 'Where does the app get the database address today? Each deploy has its own database, and the environment is how a deploy tells the app which one.',
}, async () => {
  const { db, env, basic } = await services();
  const app = await startApp({ env });
  const res = await app.fetch('/orders');
  assert.ok(
    db.requests.length > 0,
    `GET /orders answered ${res.status}, but the database at DATABASE_URL received no request: the app used some other database.`,
  );
  assert.equal(
    db.requests[0].headers.authorization,
    basic,
    'The database at DATABASE_URL was called without the user and password written in DATABASE_URL.',
  );
  assert.equal(res.status, 200, `GET /orders answered ${res.status}, expected 200 with the orders from the database at DATABASE_URL.`);
  const orders = await res.json();
  assert.ok(
    Array.isArray(orders) && orders.some((order) => order.id === ORDER._id),
    'GET /orders did not list the order stored in the database at DATABASE_URL.',
  );
});

check('sends mail through MAIL_API_URL with MAIL_API_KEY', {
  hint: 'The mail provider\'s address and key are per-deploy settings too: staging should not mail real customers with the production key.',
}, async () => {
  const { mail, env } = await services();
  const app = await startApp({ env });
  const res = await app.fetch(`/orders/${ORDER._id}/confirm`, { method: 'POST' });
  assert.ok(
    mail.requests.length > 0,
    `POST /orders/${ORDER._id}/confirm answered ${res.status}, but the mail API at MAIL_API_URL received no request.`,
  );
  const headers = mail.requests[0].headers;
  const credentials = `${headers.authorization ?? ''} ${headers['x-api-key'] ?? ''}`;
  assert.ok(
    credentials.includes(env.MAIL_API_KEY),
    'The mail API at MAIL_API_URL was called without the key from MAIL_API_KEY.',
  );
  assert.ok(res.status >= 200 && res.status < 300, `POST /orders/${ORDER._id}/confirm answered ${res.status}, expected a 2xx status.`);
});

check('refuses to start when a variable is missing, and names it', {
  hint: 'Start the app with one variable unset. What should an operator see, and should the app be serving requests at that point?',
}, async () => {
  const { env } = await services();
  // Each run ends as soon as the app listens on the PORT it was given (it started without the variable: wrong)
  // or exits; the 2 s limit only matters for an app that does neither.
  const runs = await Promise.all(
    REQUIRED.map(async (name) => {
      const port = await freePort();
      const partial = { ...env, PORT: String(port), [name]: undefined };
      return { name, port, run: await runNode(['server.js'], { env: partial, stopWhenListening: port, timeoutMs: 2000 }) };
    }),
  );
  for (const { name, port, run } of runs) {
    const printed = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.listening, false,
      `Started without ${name}, the app started anyway: it listened on port ${port}, its PORT. Expected it to stop at once and say that ${name} is missing.`);
    assert.equal(run.timedOut, false, `Started without ${name}, the app kept running. Expected it to stop at once and say that ${name} is missing.`);
    assert.notEqual(run.code, 0, `Started without ${name}, the app exited with code 0. Expected a non-zero exit code: starting failed.`);
    assert.ok(printed.includes(name), `Started without ${name}, the app exited with code ${run.code ?? run.signal} but never named ${name} in what it printed.`);
  }
});

check('keeps no password or key in the code', {
  hint: 'Anyone who can read the repository can read what is written in it. What must never be written there, even as a default?',
}, async () => {
  for (const file of listAppFiles()) {
    if (file === '.env') continue; // the uncommitted, per-developer place for real values
    const text = readAppFile(file);
    for (const secret of OLD_SECRETS) {
      const index = text.indexOf(secret.text);
      if (index === -1) continue;
      const line = text.slice(0, index).split('\n').length;
      assert.fail(`${file} line ${line} still contains ${secret.what}. A secret written in the code is shared with everyone who can read it.`);
    }
  }
});

check('.env.example lists every variable, without real values', {
  hint: 'A new developer clones the repository: how do they learn which variables to set, without being handed anyone\'s credentials?',
}, async () => {
  assert.ok(appFileExists('.env.example'), 'There is no .env.example. Expected one that lists the variables the app needs.');
  const values = new Map();
  for (const line of readAppFile('.env.example').split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (match) values.set(match[1], match[2].trim());
  }
  const absent = REQUIRED.filter((name) => !values.has(name));
  assert.deepEqual(absent, [], `.env.example does not list ${absent.join(', ')}. Expected a NAME= line for each variable the app reads.`);
  for (const [name, value] of values) {
    const leaked = OLD_SECRETS.find((secret) => value.includes(secret.text));
    assert.ok(!leaked, `.env.example gives ${name} a real value (${leaked?.what}). Keep real values out of the repository.`);
    assert.ok(!/mw_live_/.test(value), `.env.example gives ${name} what looks like a live Mailwing key. Keep real values out of the repository.`);
  }
});
