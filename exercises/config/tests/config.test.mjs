import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  appCopy, appFileExists, appPreload as preload, check, listAppFiles, readAppFile, startApp, startFakeService,
} from '../kit.mjs';
import { findSecret } from './secrets-in-code.mjs';

// Black-box where possible: the app is started with values only this run knows (fresh, mixed-case, realistic),
// against fake backing services at addresses that differ from run to run, so it passes only if it takes its
// configuration from the environment as given. The checks share nothing fixed (each has its own fake services,
// ports and copy of the app; the file checks only read) and time nothing, so they all run side by side.

const OLD_SECRETS = [
  { text: '51c9e0a7f3b24d68a1e5c7d9b2f4a6e8', what: 'the old Mailwing API key' },
  { text: 's3cr3t-beans', what: 'the old database password' },
];
const REQUIRED = ['DATABASE_URL', 'MAIL_API_URL', 'MAIL_API_KEY'];
const MAIN = 'server.js';

const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/**
 * Random letters and digits, upper and lower case, the first a capital: a lower-cased or re-typed value no
 * longer matches.
 */
const mixed = (length) => Array.from({ length }, (_, i) => (i === 0 ? 'Q' : ALPHABET[randomInt(ALPHABET.length)])).join('');
const lower = (length) => randomBytes(length).toString('hex').slice(0, length);
const pick = (list) => list[randomInt(list.length)];

/**
 * An address on the loopback network other than 127.0.0.1 (all of 127/8 reaches this machine on Linux), so an
 * app that honours a URL only when it names localhost cannot tell a test service from a real one.
 */
const loopbackHost = () => `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(2, 255)}`;

/** One order as CouchDB stores it, with fresh values. */
function freshOrder() {
  return {
    _id: `ord-${lower(10)}`, _rev: `1-${lower(32)}`,
    customer: pick(['Ada', 'Grace', 'Linus', 'Margaret', 'Edsger']), email: `${lower(6)}@example.test`, total: randomInt(5, 200),
  };
}

/** A CouchDB stand-in holding `order` in database `name`; it records the requests the app made. */
function fakeDatabase(name, order, host) {
  return startFakeService((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === `/${name}/_all_docs?include_docs=true`) {
      return res.end(JSON.stringify({ total_rows: 1, offset: 0, rows: [{ id: order._id, key: order._id, value: { rev: order._rev }, doc: order }] }));
    }
    if (req.url === `/${name}/${order._id}`) return res.end(JSON.stringify(order));
    res.writeHead(404).end(JSON.stringify({ error: 'not_found', reason: 'missing' }));
  }, { host });
}

/**
 * Environment for one run: a database with its own name and mixed-case credentials, reached by name
 * (localhost) or by a loopback address; a mail API at another loopback address, under a path of its own, with
 * its own key.
 */
async function services() {
  const order = freshOrder();
  const name = `orders_${lower(8)}`;
  const byName = randomInt(2) === 0;
  const db = await fakeDatabase(name, order, byName ? undefined : loopbackHost());
  const dbHost = byName ? 'localhost' : db.host;
  const mailHost = loopbackHost();
  const mail = await startFakeService((req, res) => res.writeHead(202, { 'content-type': 'application/json' }).end('{}'), { host: mailHost });
  const user = `Orders_${mixed(6)}`;
  const password = `${mixed(10)}-${mixed(8)}`;
  const env = {
    DATABASE_URL: `http://${user}:${password}@${dbHost}:${db.port}/${name}`,
    MAIL_API_URL: `${mail.url}/${pick(['v1', 'api/v1', `mw-${lower(4)}/v1`])}`,
    MAIL_API_KEY: `mw_test_${mixed(24)}`,
  };
  return { db, mail, env, order, basic: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

check('reads the orders database from DATABASE_URL', {
  hint: 'Where does the app get the database address today? Each deploy has its own database, and the environment is how a deploy tells the app which one.',
}, async () => {
  const { db, env, basic, order } = await services();
  const app = await startApp({ env });
  const res = await app.fetch('/orders');
  assert.ok(
    db.requests.length > 0,
    `GET /orders answered ${res.status}, but the database at DATABASE_URL received no request: the app used some other database.`,
  );
  assert.equal(
    db.requests[0].headers.authorization,
    basic,
    'The database at DATABASE_URL was called without the user and password written in DATABASE_URL, exactly as written there.',
  );
  assert.equal(res.status, 200, `GET /orders answered ${res.status}, expected 200 with the orders from the database at DATABASE_URL.`);
  const orders = await res.json();
  assert.ok(
    Array.isArray(orders) && orders.some((listed) => listed.id === order._id),
    'GET /orders did not list the order stored in the database at DATABASE_URL.',
  );
});

check('sends mail through MAIL_API_URL with MAIL_API_KEY', {
  hint: 'The mail provider\'s address and key are per-deploy settings too: staging should not mail real customers with the production key.',
}, async () => {
  const { mail, env, order } = await services();
  const app = await startApp({ env });
  const res = await app.fetch(`/orders/${order._id}/confirm`, { method: 'POST' });
  const base = new URL(env.MAIL_API_URL).pathname;
  const reached = mail.requests.filter((request) => request.url.startsWith(`${base}/`));
  assert.ok(
    reached.length > 0,
    mail.requests.length > 0
      ? `POST /orders/${order._id}/confirm reached the mail API's host but not under the address in MAIL_API_URL (it asked for ${mail.requests[0].url}).`
      : `POST /orders/${order._id}/confirm answered ${res.status}, but the mail API at MAIL_API_URL received no request.`,
  );
  const headers = reached[0].headers;
  const credentials = `${headers.authorization ?? ''} ${headers['x-api-key'] ?? ''}`;
  assert.ok(
    credentials.includes(env.MAIL_API_KEY),
    'The mail API at MAIL_API_URL was called without the key from MAIL_API_KEY, exactly as written there.',
  );
  assert.ok(res.status >= 200 && res.status < 300, `POST /orders/${order._id}/confirm answered ${res.status}, expected a 2xx status.`);
});

// How a missing variable is tried: as a platform starts the app, and as a developer does by hand. An app that
// relaxes in one of them (NODE_ENV=development, no PORT, output to a terminal) still fails.
const WAYS = [
  { env: {}, port: true, terminal: false, says: 'NODE_ENV unset, PORT set' },
  { env: { NODE_ENV: 'development' }, port: false, terminal: true, says: 'NODE_ENV=development, no PORT, run in a terminal' },
  { env: { NODE_ENV: 'production' }, port: true, terminal: true, says: 'NODE_ENV=production, PORT set, run in a terminal' },
];
const STARTS_WITHIN_MS = 2000;

/**
 * Starts the app and resolves how it ended: { exit } once it exits, { listened: true } as soon as it asks to
 * listen on any port (it started: wrong, whatever port it picked), { running: true } after STARTS_WITHIN_MS.
 */
async function tryStart({ env, cwd, terminal }) {
  const args = terminal ? ['--require', preload('as-terminal.cjs'), MAIN] : [MAIN];
  const app = await startApp({ env, cwd, args, port: false, listenReport: true });
  const deadline = Date.now() + STARTS_WITHIN_MS;
  let exit;
  app.exited.then((value) => { exit = value; });
  while (exit === undefined && app.listens().tried.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const printed = `${app.stdout}\n${app.stderr}`;
  if (exit) return { exit, printed };
  const listened = app.listens().tried.length > 0;
  await app.stop();
  return { listened, running: !listened, printed };
}

function assertRefused(outcome, name, context) {
  assert.ok(!outcome.listened, `Started without ${name} (${context}), the app started anyway: it went on to listen for requests. Expected it to stop at once and say that ${name} is missing.`);
  assert.ok(!outcome.running, `Started without ${name} (${context}), the app kept running for ${STARTS_WITHIN_MS / 1000} s without listening or exiting. Expected it to stop at once and say that ${name} is missing.`);
  const { code, signal } = outcome.exit;
  assert.notEqual(code, 0, `Started without ${name} (${context}), the app exited with code 0. Expected a non-zero exit code: starting failed.`);
  assert.ok(outcome.printed.includes(name), `Started without ${name} (${context}), the app exited with ${signal ?? `code ${code}`} but never named ${name} in what it printed.`);
}

check('refuses to start when a variable is missing, and names it', {
  hint: 'Start the app with one variable unset, the way a platform would and the way you would on your laptop. What should an operator see, and should the app be serving requests at that point?',
}, async () => {
  const { env, order } = await services();
  const copy = appCopy();
  const base = { ...copy.env, ...env };
  const runs = await Promise.all(REQUIRED.flatMap((name) => WAYS.map(async (way) => {
    const partial = { ...base, ...way.env, [name]: undefined };
    if (way.port) partial.PORT = String(20000 + randomInt(20000));
    return { name, way, outcome: await tryStart({ env: partial, cwd: copy.dir, terminal: way.terminal }) };
  })));
  for (const { name, way, outcome } of runs) assertRefused(outcome, name, way.says);

  // The same folder, as on a real machine: a start with every variable set, then one without them. An app that
  // kept the first start's settings (in a file, the temp folder, HOME) must not start on them the second time.
  const good = await startApp({ env: base, cwd: copy.dir });
  await good.fetch('/orders');
  await good.fetch(`/orders/${order._id}/confirm`, { method: 'POST' });
  await good.stop();
  const bare = { ...copy.env };
  for (const name of REQUIRED) bare[name] = undefined;
  const again = await tryStart({ env: { ...bare, PORT: String(20000 + randomInt(20000)) }, cwd: copy.dir, terminal: false });
  assert.ok(
    !again.listened && !again.running && again.exit?.code !== 0,
    'Started once with every variable set and then again in the same folder without them, the app started the second time: ' +
      'it must have kept the first start\'s settings somewhere. Expected it to refuse to start and name what is missing.',
  );
});

check('keeps no password or key in the code', {
  hint: 'Anyone who can read the repository can read what is written in it. What must never be written there, even as a default, and however it is written?',
}, async () => {
  for (const file of listAppFiles()) {
    if (file === '.env') continue; // the uncommitted, per-developer place for real values
    const text = readAppFile(file);
    for (const secret of OLD_SECRETS) {
      const found = findSecret(text, secret.text);
      if (!found) continue;
      const where = found.line === undefined ? `${file} still builds ${secret.what} from pieces` : `${file} line ${found.line} still contains ${secret.what} (or a piece of it)`;
      assert.fail(`${where}. A secret written in the code is shared with everyone who can read it.`);
    }
  }
});

/** Names in .env.example (NAME=value lines, with or without export), with their values. */
function exampleValues() {
  const values = new Map();
  for (const line of readAppFile('.env.example').split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (match) values.set(match[1], match[2].trim());
  }
  return values;
}

// What the operating system and Node set for every process: not the app's settings.
const SYSTEM = new Set(['PATH', 'HOME', 'TMPDIR', 'TMP', 'TEMP', 'USER', 'LOGNAME', 'SHELL', 'PWD', 'LANG', 'LC_ALL', 'TZ', 'TERM', 'NODE_OPTIONS', 'NODE_DEBUG', 'NO_COLOR', 'FORCE_COLOR']);

/** The variables the app's own code reads while it starts and serves both routes (see env-reads.cjs). */
async function variablesRead() {
  const { env, order } = await services();
  const copy = appCopy();
  const record = path.join(copy.env.TMPDIR, `env-reads-${lower(8)}`);
  const app = await startApp({
    env: { ...copy.env, ...env, GRADING_ENV_READS: record }, cwd: copy.dir, args: ['--require', preload('env-reads.cjs'), MAIN],
  });
  await app.fetch('/orders');
  await app.fetch(`/orders/${order._id}/confirm`, { method: 'POST' });
  await app.stop();
  let text = '';
  try {
    text = readFileSync(record, 'utf8');
  } catch {
    // nothing read after the preload: the app read no variable of its own
  }
  return text.split('\n').filter((name) => name && !SYSTEM.has(name));
}

check('.env.example lists every variable, without real values', {
  hint: 'A new developer clones the repository: how do they learn which variables to set, optional ones and the port included, without being handed anyone\'s credentials?',
}, async () => {
  assert.ok(appFileExists('.env.example'), 'There is no .env.example. Expected one that lists the variables the app reads.');
  const values = exampleValues();
  const absent = REQUIRED.filter((name) => !values.has(name));
  assert.deepEqual(absent, [], `.env.example does not list ${absent.join(', ')}. Expected a NAME= line for each variable the app reads.`);
  for (const [name, value] of values) {
    const leaked = OLD_SECRETS.find((secret) => findSecret(value, secret.text));
    assert.ok(!leaked, `.env.example gives ${name} a real value (${leaked?.what}). Keep real values out of the repository.`);
    assert.ok(!/mw_live_/.test(value), `.env.example gives ${name} what looks like a live Mailwing key. Keep real values out of the repository.`);
  }
  const unlisted = [...new Set(await variablesRead())].filter((name) => !values.has(name));
  assert.deepEqual(
    unlisted, [],
    `The app reads ${unlisted.join(', ')} from the environment, but .env.example does not list ${unlisted.length > 1 ? 'them' : 'it'}. ` +
      'Expected a NAME= line for every variable the app reads, optional ones too.',
  );
});
