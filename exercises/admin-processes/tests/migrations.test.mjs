import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appCopy, appFileExists, check, readAppFile, runNode, startApp } from '../kit.mjs';

/** Runs fn(dir) in a private copy of the learner's project (the kit's appCopy, removed when the check ends). */
const withProjectCopy = (fn) => Promise.resolve().then(() => fn(appCopy().dir));

// Every test works on its own copy of "last year's data", in the starter's db.js format
// (DATA_DIR/books.jsonl, no schema.json): books written before the three migrations in
// migrations.js existed (prices in euros, "Last, First" authors, shelves instead of genres).
// There are enough of them for a migration to take a moment.
const SHELVES = ['Fiction', 'Science', 'History', 'Poetry', 'Travel'];
const BOOK_COUNT = 1500;

function legacyBooks() {
  return Array.from({ length: BOOK_COUNT }, (_, i) => ({
    id: `97800${String(10_000_000 + i * 7919).slice(-8)}`,
    title: `Collected Notes, Volume ${i + 1}`,
    author: i % 9 === 0 ? `Anonymous ${i}` : `Writer${i}, Pat`,
    price: Math.round((4.99 + (i % 37) * 0.35) * 100) / 100,
    shelf: SHELVES[i % SHELVES.length],
  }));
}

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

async function legacyDataDir() {
  const dir = await mkdtemp(path.join(tmpdir(), 'pagecount-data-'));
  await writeFile(path.join(dir, 'books.jsonl'), legacyBooks().map((book) => `${JSON.stringify(book)}\n`).join(''));
  return dir;
}

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
      runNode(['--import', BARRIER, ...args], { env: { ...env, GRADING_START_BARRIER: barrier }, cwd }));
    const deadline = Date.now() + 3000;
    while ((await readdir(barrier)).length < count && Date.now() < deadline) await delay(5);
    await writeFile(path.join(barrier, 'go'), '');
    return await Promise.all(runs);
  } finally {
    await rm(barrier, { recursive: true, force: true });
  }
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const quote = (text, max = 140) => `\`${text.length > max ? `${text.slice(0, max)}…` : text}\``;

/** `node migrate.js`, or the file a package.json "migrate" script runs with node. */
function migrateArgs() {
  let script;
  try {
    script = JSON.parse(readAppFile('package.json')).scripts?.migrate;
  } catch {
    script = undefined;
  }
  const file = typeof script === 'string' ? /^node\s+(\S+)$/.exec(script.trim())?.[1] : undefined;
  if (file && appFileExists(file)) return [file];
  assert.ok(appFileExists('migrate.js'),
    'Your project has no migrate.js (and no "migrate" script in package.json that runs `node <file>`); expected a one-off command, `node migrate.js`, that migrates the data in DATA_DIR.');
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

check('Admin processes: starting the web process leaves the data alone', {
  hint: 'Picture a deploy that starts five copies of the web process at the same moment. Which line makes each of them try to reshape the shared data before serving?',
}, async () => {
  await withDataDir(async (dataDir, project) => {
    const before = await snapshot(dataDir);
    try {
      const app = await startApp({ env: { DATA_DIR: dataDir }, cwd: project });
      for (const target of ['/health', '/books']) await (await app.fetch(target)).arrayBuffer();
      await app.stop();
    } catch {
      // Refusing to start on data that has not been migrated yet is a fine answer.
    }
    const changes = describeChanges(before, await snapshot(dataDir));
    assert.equal(changes, '',
      `Starting the web process on last year's data ${changes} in DATA_DIR; expected it to change nothing (migrating is a separate, one-off step).`);
  });
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
