// One-off admin process: bring the data in DATA_DIR to the latest shape, then exit.
//   node migrate.js   (run once per release, before starting the web processes)
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from './db.js';
import { migrate } from './migrations.js';

const dir = process.env.DATA_DIR ?? './data';
const lock = path.join(dir, '.migrate.lock');

// mkdir either creates the folder or fails with EEXIST, atomically: only one copy gets past here at a time.
async function acquire() {
  await fs.mkdir(dir, { recursive: true });
  for (;;) {
    try {
      await fs.mkdir(lock);
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      await sleep(25);
    }
  }
}

await acquire();
try {
  // Read the version only now, with the lock held, so a copy that waited finds nothing left to do.
  await migrate(openDb(dir));
} finally {
  await fs.rmdir(lock);
}
