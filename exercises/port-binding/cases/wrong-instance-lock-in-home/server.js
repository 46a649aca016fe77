import http from 'node:http';
import { mkdirSync, openSync, closeSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { books } from './books.js';

// One catalogue per user account: a second copy would double the memory for the same data.
const lockDir = join(homedir(), '.shelfmark');
const lockFile = join(lockDir, 'instance.lock');
mkdirSync(lockDir, { recursive: true });
try {
  closeSync(openSync(lockFile, 'wx'));
} catch {
  console.error('Another Shelfmark copy already runs for this user; stop it first.');
  process.exit(1);
}
const unlock = () => rmSync(lockFile, { force: true });
process.on('exit', unlock);
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));

// The platform picks the port; 8080 is only a default for local runs.
const PORT = Number(process.env.PORT ?? 8080);
const PAGE_SIZE = 5;

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body, null, 2));
}

// Links are built from the address the client used to reach this copy.
const originOf = (req) => `http://${req.headers.host}`;

const server = http.createServer((req, res) => {
  const base = originOf(req);
  const url = new URL(req.url, base);
  const withLinks = (book) => ({ ...book, self: `${base}/books/${book.id}` });

  if (req.method !== 'GET') return send(res, 405, { error: 'read-only API' });
  if (url.pathname === '/health') return send(res, 200, { status: 'ok' });

  if (url.pathname === '/books') {
    const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1);
    const pages = Math.ceil(books.length / PAGE_SIZE);
    const slice = books.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    return send(res, 200, {
      page,
      pages,
      books: slice.map(withLinks),
      next: page < pages ? `${base}/books?page=${page + 1}` : null,
      prev: page > 1 ? `${base}/books?page=${page - 1}` : null,
    });
  }

  const match = /^\/books\/(\d+)$/.exec(url.pathname);
  if (match) {
    const book = books.find((b) => b.id === Number(match[1]));
    return book ? send(res, 200, withLinks(book)) : send(res, 404, { error: 'no such book' });
  }

  send(res, 404, { error: 'not found' });
});

server.listen(PORT, () => console.log(`Shelfmark catalogue API listening on port ${PORT}`));
