import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { kvStore } from './store.js';

const port = Number(process.env.PORT) || 3000;

// The same store everywhere; a laptop points STORE_URL at a local one (npm run kv).
if (!process.env.STORE_URL) {
  console.error('STORE_URL is not set: point it at the key-value store (locally: npm run kv, then STORE_URL=http://127.0.0.1:6380)');
  process.exit(1);
}
const store = kvStore(process.env.STORE_URL);

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
  const options = Array.isArray(body?.options) ? body.options.map(String) : [];
  if (typeof body?.question !== 'string' || options.length < 2) {
    return send(res, 400, { error: 'expected {"question": "…", "options": ["…", "…"]}' });
  }
  const poll = {
    id: randomUUID().slice(0, 8),
    question: body.question,
    votes: Object.fromEntries(options.map((option) => [option, 0])),
  };
  await store.put(`poll:${poll.id}`, poll);
  send(res, 201, poll);
}

async function vote(req, res, id) {
  const body = await readJson(req);
  const poll = await store.get(`poll:${id}`);
  if (!poll) return send(res, 404, { error: `no poll ${id}` });
  if (!Object.hasOwn(poll.votes, body?.option)) {
    return send(res, 400, { error: `choose one of: ${Object.keys(poll.votes).join(', ')}` });
  }
  poll.votes[body.option] += 1;
  await store.put(`poll:${id}`, poll);
  send(res, 201, { poll: id, option: body.option, votes: poll.votes[body.option] });
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  const match = pathname.match(/^\/polls\/([\w-]+)(\/votes)?$/);
  try {
    if (req.method === 'GET' && pathname === '/health') return send(res, 200, { ok: true });
    if (req.method === 'POST' && pathname === '/polls') return await createPoll(req, res);
    if (match && req.method === 'GET' && !match[2]) {
      const poll = await store.get(`poll:${match[1]}`);
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
