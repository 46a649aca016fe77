// One-off admin process. Usage: DATA_DIR=… node migrate.js
// Applies the steps in migrations.js that the stored data has not had yet, one copy at a time.
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from './db.js';
import { migrations } from './migrations.js';

const db = openDb(process.env.DATA_DIR ?? './data');
const lock = path.join(db.dir, 'migration.lock');

async function withLock(work) {
  await fs.mkdir(db.dir, { recursive: true });
  // A symlink is created atomically and fails with EEXIST when another copy holds it.
  while (true) {
    try {
      await fs.symlink(`pid-${process.pid}`, lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      await sleep(15);
    }
  }
  try {
    return await work();
  } finally {
    await fs.unlink(lock);
  }
}

await withLock(async () => {
  const from = await db.schemaVersion();
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) {
    console.log(`the data is already at version ${from}, nothing to do`);
    return;
  }
  for (const step of pending) {
    await step.up(db);
    // Record each step as soon as it is done, so a crash part-way does not repeat finished steps.
    await db.setSchemaVersion(step.version);
    console.log(`migrated to version ${step.version}: ${step.name}`);
  }
});
