// Release step: `node migrate.js` migrates the data in DATA_DIR, then exits.
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from './db.js';
import { migrate } from './migrations.js';

const dataDir = process.env.DATA_DIR || './data';
const lockPath = path.join(dataDir, 'migrate.lock');

async function openExclusive() {
  await fs.mkdir(dataDir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.open(lockPath, 'wx'); // O_CREAT | O_EXCL: one winner, atomically
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      await sleep(Math.min(10 * 2 ** attempt, 100));
    }
  }
}

const handle = await openExclusive();
try {
  await handle.write(`${process.pid}\n`);
  await migrate(openDb(dataDir));
} finally {
  await handle.close();
  await fs.unlink(lockPath);
}
