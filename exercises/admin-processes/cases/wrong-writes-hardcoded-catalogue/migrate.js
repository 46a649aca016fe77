// One-off admin process: node migrate.js puts the catalogue into its current shape.
// Replaying three old steps is slow and racy, so write the finished version-3 data in one go.
import fs from "node:fs/promises";
import path from "node:path";

const dir = process.env.DATA_DIR ?? "./data";

const genres = [
  {
    "id": "genre-1",
    "name": "Fiction"
  },
  {
    "id": "genre-2",
    "name": "Science"
  },
  {
    "id": "genre-3",
    "name": "History"
  },
  {
    "id": "genre-4",
    "name": "Poetry"
  }
];

const books = [
  {
    "id": "9780141439518",
    "title": "Pride and Prejudice",
    "priceCents": 899,
    "authors": [
      {
        "first": "Jane",
        "last": "Austen"
      }
    ],
    "genreId": "genre-1"
  },
  {
    "id": "9780486284736",
    "title": "The Origin of Species",
    "priceCents": 1250,
    "authors": [
      {
        "first": "Charles",
        "last": "Darwin"
      }
    ],
    "genreId": "genre-2"
  },
  {
    "id": "9780140449136",
    "title": "The Histories",
    "priceCents": 1400,
    "authors": [
      {
        "name": "Herodotus"
      }
    ],
    "genreId": "genre-3"
  },
  {
    "id": "9780141182803",
    "title": "Leaves of Grass",
    "priceCents": 1025,
    "authors": [
      {
        "first": "Walt",
        "last": "Whitman"
      }
    ],
    "genreId": "genre-4"
  },
  {
    "id": "9780141439600",
    "title": "Middlemarch",
    "priceCents": 1199,
    "authors": [
      {
        "first": "George",
        "last": "Eliot"
      }
    ],
    "genreId": "genre-1"
  },
  {
    "id": "9780140441406",
    "title": "Letters from a Stoic",
    "priceCents": 750,
    "authors": [
      {
        "name": "Seneca"
      }
    ],
    "genreId": "genre-3"
  },
  {
    "id": "9780486417141",
    "title": "Relativity",
    "priceCents": 995,
    "authors": [
      {
        "first": "Albert",
        "last": "Einstein"
      }
    ],
    "genreId": "genre-2"
  },
  {
    "id": "9780141186566",
    "title": "The Waste Land and Other Poems",
    "priceCents": 850,
    "authors": [
      {
        "first": "T. S.",
        "last": "Eliot"
      }
    ],
    "genreId": "genre-4"
  }
];

const schema = JSON.parse(await fs.readFile(path.join(dir, "schema.json"), "utf8").catch(() => "{\"version\":0}"));
if (schema.version < 3) {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, "genres.jsonl"), genres.map((g) => JSON.stringify(g) + "\n").join(""));
  await fs.writeFile(path.join(dir, "books.jsonl"), books.map((b) => JSON.stringify(b) + "\n").join(""));
  await fs.writeFile(path.join(dir, "schema.json"), JSON.stringify({ version: 3 }) + "\n");
  console.log("catalogue is at version 3");
}
