import http from 'node:http';
import { books } from './books.js';

// One copy of the catalogue API. It is told its port; it never picks one.
class CatalogueServer {
  #server = http.createServer((req, res) => this.#handle(req, res));
  pageSize = 5;

  listen(port) {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, () => resolve(this.#server.address().port));
    });
  }

  close() {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #send(res, status, body) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body, null, 2));
  }

  #handle(req, res) {
    const origin = `http://${req.headers.host}`;
    const { pathname, searchParams } = new URL(req.url, origin);
    const self = (book) => ({ ...book, self: `${origin}/books/${book.id}` });

    if (req.method !== 'GET') return this.#send(res, 405, { error: 'read-only API' });
    if (pathname === '/health') return this.#send(res, 200, { status: 'ok' });
    if (pathname === '/books') {
      const page = Math.max(1, Number.parseInt(searchParams.get('page') ?? '1', 10) || 1);
      const pages = Math.ceil(books.length / this.pageSize);
      return this.#send(res, 200, {
        page,
        pages,
        books: books.slice((page - 1) * this.pageSize, page * this.pageSize).map(self),
        next: page < pages ? `${origin}/books?page=${page + 1}` : null,
        prev: page > 1 ? `${origin}/books?page=${page - 1}` : null,
      });
    }
    const match = /^\/books\/(\d+)$/.exec(pathname);
    if (match) {
      const book = books.find((b) => b.id === Number(match[1]));
      return book ? this.#send(res, 200, self(book)) : this.#send(res, 404, { error: 'no such book' });
    }
    this.#send(res, 404, { error: 'not found' });
  }
}

const app = new CatalogueServer();
const port = await app.listen(process.env.PORT || 8080);
console.log(`Shelfmark catalogue API listening on port ${port}`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, async () => {
    await app.close();
    process.exit(0);
  });
}
