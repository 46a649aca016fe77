// One-off admin process: node migrate.js brings DATA_DIR to the latest version.
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from './db.js';
import { migrate } from './migrations.js';

const dir = process.env.DATA_DIR ?? './data';
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
// Touch the lock every second so others can tell it is still held.
const heartbeat = setInterval(() => fs.utimes(lock, new Date(), new Date()).catch(() => {}), 1000);
try {
  await migrate(openDb(dir));
} finally {
  await fs.rmdir(lock);
}
console.log('migration finished');
