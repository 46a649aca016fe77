// node migrate.js: brings DATA_DIR to the latest schema, one copy at a time.
// A quick look first (is a migration visibly running?) keeps the log readable; the claim itself is mkdir,
// which exactly one copy wins, so the look is only a courtesy, never the lock.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from './db.js';
import { migrate } from './migrations.js';

const db = openDb(process.env.DATA_DIR ?? './data');
const lock = path.join(db.dir, 'migrating.lock');

if (fs.existsSync(lock)) console.log('another migration is running; waiting for it');
fs.mkdirSync(db.dir, { recursive: true });
for (;;) {
  try {
    fs.mkdirSync(lock);
    break;
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    await sleep(20);
  }
}
try {
  await migrate(db); // reads the stored version under the lock
} finally {
  fs.rmdirSync(lock);
}
