import express from 'express';
import { books } from './books.js';

const PAGE_SIZE = 5;
const app = express();

const origin = (req) => `${req.protocol}://${req.get('host')}`;
const withLinks = (req, book) => ({ ...book, self: `${origin(req)}/books/${book.id}` });

app.get('/health', (req, res) => res.json({ status: 'ok' }));

app.get('/books', (req, res) => {
  const page = Math.max(1, Number.parseInt(req.query.page ?? '1', 10) || 1);
  const pages = Math.ceil(books.length / PAGE_SIZE);
  res.json({
    page,
    pages,
    books: books.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((b) => withLinks(req, b)),
    next: page < pages ? `${origin(req)}/books?page=${page + 1}` : null,
    prev: page > 1 ? `${origin(req)}/books?page=${page - 1}` : null,
  });
});

app.get('/books/:id', (req, res) => {
  const book = books.find((b) => b.id === Number(req.params.id));
  if (!book) return res.status(404).json({ error: 'no such book' });
  res.json(withLinks(req, book));
});

app.all('*', (req, res) => res.status(req.method === 'GET' ? 404 : 405).json({ error: 'not found' }));

const port = process.env.PORT ?? 8080;
app.listen(port, () => console.log(`Shelfmark catalogue API listening on port ${port}`));
