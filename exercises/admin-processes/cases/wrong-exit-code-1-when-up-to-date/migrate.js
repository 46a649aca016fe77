// One-off admin process: node migrate.js brings DATA_DIR to the latest version.
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from './db.js';
import { migrate, latestVersion } from './migrations.js';

const dir = process.env.DATA_DIR ?? './data';
const db = openDb(dir);
const lock = path.join(dir, '.migrate.lock');

for (;;) {
  try {
    await fs.mkdir(lock);
    break;
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    await sleep(25);
  }
}
let migrated = false;
try {
  if ((await db.schemaVersion()) < latestVersion) {
    await migrate(db);
    migrated = true;
  }
} finally {
  await fs.rmdir(lock);
}
if (!migrated) {
  console.error(`nothing to migrate: the data is already at version ${latestVersion}`);
  process.exit(1);
}
