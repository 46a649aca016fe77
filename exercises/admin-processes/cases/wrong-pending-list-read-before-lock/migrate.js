// One-off admin process: node migrate.js brings DATA_DIR to the latest version.
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from './db.js';
import { migrations, latestVersion } from './migrations.js';

const dir = process.env.DATA_DIR ?? './data';
const db = openDb(dir);
const lock = path.join(dir, '.migrate.lock');

const from = await db.schemaVersion();
const pending = migrations.filter((m) => m.version > from);
if (pending.length === 0) {
  console.log('nothing to migrate');
} else {
  // Only one copy may write at a time.
  for (;;) {
    try {
      await fs.mkdir(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      await sleep(25);
    }
  }
  try {
    for (const migration of pending) {
      await migration.up(db);
      console.log(`migrated the data to version ${migration.version}: ${migration.name}`);
    }
    await db.setSchemaVersion(latestVersion);
  } finally {
    await fs.rmdir(lock);
  }
}
