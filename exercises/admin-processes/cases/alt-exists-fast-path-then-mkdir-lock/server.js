import http from 'node:http';
import { openDb } from './db.js';
import { latestVersion } from './migrations.js';

const port = Number(process.env.PORT) || 3000;
const db = openDb(process.env.DATA_DIR ?? './data');

// Migrations are a release step (node migrate.js), never part of starting a web process.
// Serving data of an older shape would return nonsense, so refuse instead.
const version = await db.schemaVersion();
if (version !== latestVersion) {
  console.error(`The data in ${db.dir} is at schema version ${version}, this code needs ${latestVersion}: run node migrate.js first.`);
  process.exit(1);
}

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
