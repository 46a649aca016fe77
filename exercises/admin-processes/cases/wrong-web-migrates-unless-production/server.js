import http from 'node:http';
import { openDb } from './db.js';
import { migrate } from './migrations.js';

const port = Number(process.env.PORT) || 3000;
const db = openDb(process.env.DATA_DIR ?? './data');

// In production the release step runs `node migrate.js`; anywhere else (a laptop, CI) keep the convenience of
// migrating on start so nobody has to remember it.
if (process.env.NODE_ENV !== 'production') await migrate(db);

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const byTitle = new Intl.Collator('en').compare;

async function listBooks() {
  const genres = new Map((await db.all('genres')).map((genre) => [genre.id, genre.name]));
  const books = await db.all('books');
  return books
    .map(({ genreId, ...book }) => ({ ...book, genre: genres.get(genreId) ?? null }))
    .sort((a, b) => byTitle(a.title, b.title));
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  try {
    if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' });
    if (pathname === '/health') return send(res, 200, { ok: true });
    if (pathname === '/books') return send(res, 200, await listBooks());
    if (pathname === '/genres') return send(res, 200, await db.all('genres'));
    const isbn = pathname.match(/^\/books\/([\d-]+)$/)?.[1];
    const book = isbn && (await listBooks()).find((candidate) => candidate.id === isbn);
    if (book) return send(res, 200, book);
    send(res, 404, { error: 'not found' });
  } catch (err) {
    console.error(err);
    send(res, 500, { error: 'internal error' });
  }
});

server.listen(port, () => console.log(`Pagecount catalogue listening on http://localhost:${port}`));
