import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { kvStore } from './store.js';

const port = Number(process.env.PORT) || 3000;

const storeUrl = process.env.STORE_URL;
if (!storeUrl) {
  console.error('Set STORE_URL to the key-value store (npm run kv starts one on http://127.0.0.1:6380).');
  process.exit(1);
}
const store = kvStore(storeUrl);

// Each option's count lives under its own key, so a vote rewrites one small number, not the whole poll.
const pollKey = (id) => `poll:${id}`;
const countKey = (id, option) => `poll:${id}:count:${option}`;

// Votes for one poll run one after another: the store has no atomic increment.
const queues = new Map();
function serially(id, task) {
  const previous = queues.get(id) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(task);
  queues.set(id, next);
  next.finally(() => {
    if (queues.get(id) === next) queues.delete(id);
  }).catch(() => {});
  return next;
}

async function loadPoll(id) {
  const poll = await store.get(pollKey(id));
  if (!poll) return undefined;
  const counts = await Promise.all(poll.options.map(async (option) => (await store.get(countKey(id, option))) ?? 0));
  return { id: poll.id, question: poll.question, votes: Object.fromEntries(poll.options.map((o, i) => [o, counts[i]])) };
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function createPoll(req, res) {
  const body = await readJson(req);
  const options = Array.isArray(body?.options) ? [...new Set(body.options.map(String))] : [];
  if (typeof body?.question !== 'string' || options.length < 2) {
    return send(res, 400, { error: 'expected {"question": "…", "options": ["…", "…"]}' });
  }
  const id = randomUUID().slice(0, 8);
  await Promise.all(options.map((option) => store.put(countKey(id, option), 0)));
  await store.put(pollKey(id), { id, question: body.question, options });
  send(res, 201, { id, question: body.question, votes: Object.fromEntries(options.map((o) => [o, 0])) });
}

async function vote(req, res, id) {
  const body = await readJson(req);
  const poll = await store.get(pollKey(id));
  if (!poll) return send(res, 404, { error: `no poll ${id}` });
  if (!poll.options.includes(body?.option)) {
    return send(res, 400, { error: `choose one of: ${poll.options.join(', ')}` });
  }
  const votes = await serially(id, async () => {
    const count = ((await store.get(countKey(id, body.option))) ?? 0) + 1;
    await store.put(countKey(id, body.option), count);
    return count;
  });
  send(res, 201, { poll: id, option: body.option, votes });
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  const match = pathname.match(/^\/polls\/([\w-]+)(\/votes)?$/);
  try {
    if (req.method === 'GET' && pathname === '/health') return send(res, 200, { ok: true });
    if (req.method === 'POST' && pathname === '/polls') return await createPoll(req, res);
    if (match && req.method === 'GET' && !match[2]) {
      const poll = await loadPoll(match[1]);
      return poll ? send(res, 200, poll) : send(res, 404, { error: `no poll ${match[1]}` });
    }
    if (match && req.method === 'POST' && match[2]) return await vote(req, res, match[1]);
    send(res, 404, { error: 'not found' });
  } catch (err) {
    console.error(err);
    send(res, 500, { error: 'internal error' });
  }
});

server.listen(port, () => console.log(`Straw polls listening on http://localhost:${port}`));
