import http from 'node:http';
import { books } from './books.js';
import { config } from './config.js';

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

http
  .createServer((req, res) => {
    // The request's own URL, as the client addressed this copy.
    const here = new URL(req.url, `http://${req.headers.host ?? `localhost:${config.port}`}`);
    const link = (pathname, page) => {
      const target = new URL(pathname, here);
      if (page) target.searchParams.set('page', String(page));
      return target.href;
    };

    if (req.method !== 'GET') return send(res, 405, { error: 'read-only API' });
    if (here.pathname === '/health') return send(res, 200, { status: 'ok' });
    if (here.pathname === '/') return send(res, 200, { books: link('/books'), health: link('/health') });

    if (here.pathname === '/books') {
      const page = Math.max(1, Number.parseInt(here.searchParams.get('page') ?? '1', 10) || 1);
      const pages = Math.ceil(books.length / config.pageSize);
      const items = books
        .slice((page - 1) * config.pageSize, page * config.pageSize)
        .map((book) => ({ ...book, self: link(`/books/${book.id}`) }));
      const next = page < pages ? link('/books', page + 1) : null;
      const prev = page > 1 ? link('/books', page - 1) : null;
      // The same links again as an RFC 8288 Link header for clients that prefer it.
      const linkHeader = [next && `<${next}>; rel="next"`, prev && `<${prev}>; rel="prev"`].filter(Boolean).join(', ');
      return send(res, 200, { page, pages, books: items, next, prev }, linkHeader ? { link: linkHeader } : {});
    }

    const match = /^\/books\/(\d+)$/.exec(here.pathname);
    if (match) {
      const book = books.find((b) => b.id === Number(match[1]));
      return book ? send(res, 200, { ...book, self: link(`/books/${book.id}`) }) : send(res, 404, { error: 'no such book' });
    }

    send(res, 404, { error: 'not found' });
  })
  .listen(config.port, function onListening() {
    console.log(`Shelfmark catalogue API listening on port ${this.address().port}`);
  });
