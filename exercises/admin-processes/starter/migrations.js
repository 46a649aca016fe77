// How the catalogue's data has changed shape since the first release. Each step must run
// exactly once, in order; schema.json remembers how far the stored data has come.
import { randomUUID } from 'node:crypto';

export const migrations = [
  {
    version: 1,
    name: 'store prices in cents',
    async up(db) {
      const books = await db.all('books');
      await db.put('books', books.map(({ price, ...book }) => ({ ...book, priceCents: Math.round(price * 100) })));
    },
  },
  {
    version: 2,
    name: 'split author names',
    async up(db) {
      const books = await db.all('books');
      await db.put('books', books.map(({ author, ...book }) => {
        const [last, first] = author.split(',').map((part) => part.trim());
        return { ...book, authors: [first ? { first, last } : { name: last }] };
      }));
    },
  },
  {
    version: 3,
    name: 'turn shelves into genres',
    async up(db) {
      const books = await db.all('books');
      const genres = [...new Set(books.map((book) => book.shelf))].map((name) => ({ id: randomUUID(), name }));
      await db.put('genres', genres);
      const genreId = new Map(genres.map((genre) => [genre.name, genre.id]));
      await db.put('books', books.map(({ shelf, ...book }) => ({ ...book, genreId: genreId.get(shelf) })));
    },
  },
];

export const latestVersion = migrations.at(-1).version;

export async function migrate(db) {
  const from = await db.schemaVersion();
  const pending = migrations.filter((migration) => migration.version > from);
  for (const migration of pending) {
    await migration.up(db);
    console.log(`migrated the data to version ${migration.version}: ${migration.name}`);
  }
  if (pending.length > 0) await db.setSchemaVersion(latestVersion);
}
