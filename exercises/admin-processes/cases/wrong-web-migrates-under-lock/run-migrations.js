// Migrates a data folder with an atomic lock, so copies started together take turns.
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from './db.js';
import { migrate } from './migrations.js';

export async function runMigrations(dir) {
  const lock = path.join(dir, '.migrate.lock');
  await fs.mkdir(dir, { recursive: true });
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
    await migrate(openDb(dir));
  } finally {
    await fs.rmdir(lock);
  }
}
