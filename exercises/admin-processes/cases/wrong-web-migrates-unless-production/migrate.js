// One-off admin process: brings the data in DATA_DIR up to the schema this release expects.
// Run it once per release, before starting web processes: node migrate.js
// Safe to repeat (finished steps are skipped) and to run twice at once (the second one waits
// for the lock, then finds nothing left to do).
import { openDb } from './db.js';
import { migrate } from './migrations.js';

const db = openDb(process.env.DATA_DIR ?? './data');

await db.withLock('migrate', async () => {
  const before = await db.schemaVersion();
  await migrate(db);
  const after = await db.schemaVersion();
  console.log(before === after ? `the data is up to date (version ${after})` : `migrated from version ${before} to ${after}`);
});
