import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appCopy, appFileExists, check, runNode, startApp } from '../kit.mjs';

/** Runs fn(dir) in a private copy of the learner's project (the kit's appCopy, removed when the check ends). */
const withProjectCopy = (fn) => Promise.resolve().then(() => fn(appCopy().dir));

// Every test works on its own copy of "last year's data", in the starter's db.js format
// (DATA_DIR/books.jsonl, no schema.json): books written before the three migrations in
// migrations.js existed (prices in euros, "Last, First" authors, shelves instead of genres).
// The books are made up afresh for each grade (ids, titles, authors, prices and which shelves exist), so only
// the app's own migrations can produce the catalogue the tests expect. There are enough of them for a
// migration to take a moment.
const ALL_SHELVES = ['Fiction', 'Science', 'History', 'Poetry', 'Travel', 'Cookery', 'Philosophy', 'Children', 'Art', 'Crime'];
const SHELVES = shuffle(ALL_SHELVES).slice(0, 4 + randomInt(4));
const BOOK_COUNT = 1400 + randomInt(200);
const WORDS = ['Silent', 'River', 'Garden', 'Winter', 'Letters', 'Harbour', 'Atlas', 'Stone', 'Orchard', 'Lantern', 'Maps', 'Salt'];
const SURNAMES = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Castillo', 'Byrne', 'Novak', 'Haddad', 'Iyer', 'Kowalski'];
const FIRST_NAMES = ['Ada', 'Tomas', 'Priya', 'Noor', 'Hugo', 'Mei', 'Kwame', 'Ines', 'Rafael', 'Sofia'];

function shuffle(list) {
  return list.map((item) => [Math.random(), item]).sort(([a], [b]) => a - b).map(([, item]) => item);
}
const pick = (list) => list[randomInt(list.length)];

const LEGACY_BOOKS = (() => {
  const ids = new Set();
  while (ids.size < BOOK_COUNT) ids.add(`978${String(randomInt(1e9)).padStart(9, '0')}${randomInt(10)}`);
  return [...ids].map((id, i) => ({
    id,
    title: `${pick(WORDS)} ${pick(WORDS)}, Volume ${i + 1}`,
    author: randomInt(9) === 0 ? `${pick(SURNAMES)}${i}` : `${pick(SURNAMES)}${i}, ${pick(FIRST_NAMES)}`,
    price: (399 + randomInt(4000)) / 100,
    shelf: i < SHELVES.length ? SHELVES[i] : pick(SHELVES),
  }));
})();

const legacyBooks = () => LEGACY_BOOKS;

/** What the catalogue must show once the data is fully migrated, derived from the legacy rows. */
function expectedCatalogue() {
  const books = legacyBooks().map((book) => {
    const [last, first] = book.author.split(',').map((part) => part.trim());
    return {
      id: book.id,
      priceCents: Math.round(book.price * 100),
      authors: [first ? { first, last } : { name: last }],
      genre: book.shelf,
    };
  });
  return { books: sortById(books), genres: [...SHELVES].sort() };
}

const sortById = (rows) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

async function writeLegacyData(dir) {
  await writeFile(path.join(dir, 'books.jsonl'), legacyBooks().map((book) => `${JSON.stringify(book)}\n`).join(''));
  return dir;
}

const legacyDataDir = async () => writeLegacyData(await mkdtemp(path.join(tmpdir(), 'pagecount-data-')));

/**
 * Runs fn(dataDir, project): its own legacy data, and its own copy of the learner's project to run the commands
 * in, because the checks run side by side and a migration may keep a lock or marker file next to its code.
 */
async function withDataDir(fn) {
  const dir = await legacyDataDir();
  try {
    return await withProjectCopy((project) => fn(dir, project));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every file under dir, relative path -> content. */
async function snapshot(dir) {
  const files = new Map();
  const walk = async (sub) => {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else files.set(rel, await readFile(path.join(dir, rel), 'utf8').catch(() => '<unreadable>'));
    }
  };
  await walk('');
  return files;
}

function describeChanges(before, after) {
  const created = [...after.keys()].filter((rel) => !before.has(rel));
  const deleted = [...before.keys()].filter((rel) => !after.has(rel));
  const changed = [...after.keys()].filter((rel) => before.has(rel) && before.get(rel) !== after.get(rel));
  const part = (verb, list) => {
    if (list.length === 0) return undefined;
    const shown = list.slice(0, 2).join(', ');
    return `${verb} ${list.length} file${list.length > 1 ? 's' : ''} (${shown}${list.length > 2 ? ', …' : ''})`;
  };
  return [part('changed', changed), part('created', created), part('deleted', deleted)].filter(Boolean).join(', ');
}

const BARRIER = new URL('./start-barrier.mjs', import.meta.url).href;

/** Runs `count` copies of a command so that their own code starts at the same moment (see start-barrier.mjs). */
async function startedTogether(count, args, env, cwd) {
  const barrier = await mkdtemp(path.join(tmpdir(), 'start-barrier-'));
  try {
    const runs = Array.from({ length: count }, () =>
      runNode(['--import', BARRIER, ...args], { env: { ...env, GRADING_START_BARRIER: barrier, GRADING_START_BARRIER_COUNT: String(count) }, cwd }));
    const deadline = Date.now() + 3000;
    while ((await readdir(barrier)).filter((name) => name.startsWith('ready-')).length < count && Date.now() < deadline) await delay(5);
    await writeFile(path.join(barrier, 'go'), '');
    return await Promise.all(runs);
  } finally {
    await rm(barrier, { recursive: true, force: true });
  }
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const quote = (text, max = 140) => `\`${text.length > max ? `${text.slice(0, max)}…` : text}\``;

/** `node migrate.js`, the command the brief names (an npm script may run it, but it must exist). */
function migrateArgs() {
  assert.ok(appFileExists('migrate.js'),
    'Your project has no migrate.js; expected a one-off command, `node migrate.js` in the project folder, that migrates the data in DATA_DIR.');
  return ['migrate.js'];
}

function shortOutput(result) {
  const text = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-3).join(' | ');
  return text ? ` It printed: ${text.slice(0, 200)}` : '';
}

async function runMigration(project, dataDir, what = 'node migrate.js') {
  const result = await runNode(migrateArgs(), { env: { DATA_DIR: dataDir }, cwd: project });
  assert.ok(!result.timedOut, `${what} did not finish in time; expected a one-off command that exits when the data is migrated.`);
  assert.equal(result.code, 0, `${what} exited with code ${result.code ?? result.signal}, expected 0.${shortOutput(result)}`);
  return result;
}

async function getJson(app, target) {
  const res = await app.fetch(target);
  const text = await res.text();
  assert.equal(res.status, 200, `GET ${target} on the migrated data answered ${res.status}, expected 200 (body: ${text.slice(0, 120)})`);
  return JSON.parse(text);
}

/** The catalogue as the web process shows it, reduced to what the migrations decide. */
async function servedCatalogue(project, dataDir) {
  const app = await startApp({ env: { DATA_DIR: dataDir }, cwd: project });
  const books = await getJson(app, '/books');
  const genres = await getJson(app, '/genres');
  await app.stop();
  return {
    books: sortById(books.map(({ id, priceCents, authors, genre }) => ({ id, priceCents, authors, genre }))),
    genres: genres.map((genre) => genre.name).sort(),
  };
}

function compareCatalogue(actual, where) {
  const expected = expectedCatalogue();
  assert.deepEqual(actual.genres, expected.genres,
    `${where}, GET /genres listed ${actual.genres.length} genres (${actual.genres.join(', ')}); expected each of the ${expected.genres.length} shelves exactly once (${expected.genres.join(', ')}).`);
  assert.equal(actual.books.length, expected.books.length,
    `${where}, GET /books listed ${actual.books.length} books, expected ${expected.books.length}.`);
  const wrong = expected.books.findIndex((book, i) => JSON.stringify(book) !== JSON.stringify(actual.books[i]));
  assert.equal(wrong, -1, wrong === -1 ? '' :
    `${where}, GET /books showed ${JSON.stringify(actual.books[wrong])}; expected ${JSON.stringify(expected.books[wrong])}.`);
}

/**
 * Starts the web process on last year's data and makes a few requests; returns what changed in the data
 * folder. Refusing to start on data that has not been migrated yet is a fine answer.
 */
async function webStartChanges(dataDir, project, env) {
  const before = await snapshot(dataDir);
  try {
    const app = await startApp({ env, cwd: project });
    for (const target of ['/health', '/books', '/genres']) await (await app.fetch(target)).arrayBuffer();
    await app.stop();
  } catch {
    // it refused to start, or stopped: what counts is what it left in the data folder
  }
  return describeChanges(before, await snapshot(dataDir));
}

check('Admin processes: starting the web process leaves the data alone', {
  hint: 'Picture a deploy that starts five copies of the web process at the same moment, or a developer who just runs npm start. Which line makes each of them try to reshape the data before serving?',
}, async () => {
  // Whatever the environment says: NODE_ENV unset, development or production, and DATA_DIR unset (the app's
  // ./data, filled with last year's data in this check's copy), each in a copy and a data folder of its own.
  const variants = [
    { label: 'with NODE_ENV unset', env: (dataDir) => ({ DATA_DIR: dataDir }) },
    { label: 'with NODE_ENV=development', env: (dataDir) => ({ DATA_DIR: dataDir, NODE_ENV: 'development' }) },
    { label: 'with NODE_ENV=production', env: (dataDir) => ({ DATA_DIR: dataDir, NODE_ENV: 'production' }) },
    { label: 'with DATA_DIR unset', withoutDataDir: true },
  ];
  const outcomes = await Promise.all(variants.map(async (variant) => {
    if (variant.withoutDataDir) {
      return withProjectCopy(async (project) => {
        const dataDir = path.join(project, 'data');
        await rm(dataDir, { recursive: true, force: true });
        await mkdir(dataDir);
        await writeLegacyData(dataDir);
        return { variant, where: './data', changes: await webStartChanges(dataDir, project, { DATA_DIR: undefined }) };
      });
    }
    return withDataDir(async (dataDir, project) => ({ variant, where: 'DATA_DIR', changes: await webStartChanges(dataDir, project, variant.env(dataDir)) }));
  }));
  for (const { variant, where, changes } of outcomes) {
    assert.equal(changes, '',
      `Starting the web process ${variant.label} on last year's data ${changes} in ${where}; expected it to change nothing, in any environment (migrating is a separate, one-off step).`);
  }
});

check('Admin processes: node migrate.js migrates the data in DATA_DIR', {
  hint: 'An admin process is the same code with the same config, run once as its own command. Which module already knows how to migrate, and how does it find the data?',
}, async () => {
  await withDataDir(async (dataDir, project) => {
    await runMigration(project, dataDir);
    compareCatalogue(await servedCatalogue(project, dataDir), 'After node migrate.js');
  });
});

check('Admin processes: running the migration again changes nothing', {
  hint: 'Deploy pipelines retry, and people run commands twice. How does the migration know which steps are already done?',
}, async () => {
  await withDataDir(async (dataDir, project) => {
    await runMigration(project, dataDir, 'The first node migrate.js');
    const once = await snapshot(dataDir);
    await runMigration(project, dataDir, 'The second node migrate.js');
    const changes = describeChanges(once, await snapshot(dataDir));
    assert.equal(changes, '',
      `Running node migrate.js a second time ${changes} in DATA_DIR; expected it to find nothing left to do.`);
  });
});

check('Admin processes: four migrations started at once give the same result as one', {
  hint: 'Two copies of the command both read "version 0" before either has written anything. What would make the second one wait, or see that the work is already done?',
}, async () => {
  await withDataDir(async (dataDir, project) => {
    const runs = await startedTogether(4, migrateArgs(), { DATA_DIR: dataDir }, project);
    const stuck = runs.filter((run) => run.timedOut).length;
    assert.equal(stuck, 0,
      `${stuck} of 4 node migrate.js started together did not finish in time; expected them to finish, one after the other if need be.`);
    assert.ok(runs.some((run) => run.code === 0),
      `None of 4 node migrate.js started together exited with code 0 (codes: ${runs.map((run) => run.code).join(', ')}).${shortOutput(runs[0])}`);
    const crash = runs.find((run) => run.code !== 0 && /^(TypeError|SyntaxError|RangeError|ReferenceError)\b/m.test(run.stderr));
    assert.ok(!crash,
      `One of 4 node migrate.js started together crashed: ${quote(/^(TypeError|SyntaxError|RangeError|ReferenceError)\b.*$/m.exec(crash?.stderr ?? '')?.[0] ?? '')}. It read the data while another copy was changing it; expected each copy to wait its turn or find the work done.`);
    compareCatalogue(await servedCatalogue(project, dataDir), 'After 4 node migrate.js started together');
  });
});
