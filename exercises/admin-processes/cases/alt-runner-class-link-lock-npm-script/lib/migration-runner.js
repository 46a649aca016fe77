// Runs the catalogue's migrations against one data folder, one process at a time.
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrate } from '../migrations.js';

export class MigrationRunner {
  constructor(db, { retryMs = 30 } = {}) {
    this.db = db;
    this.lockPath = path.join(db.dir, '.migrating');
    this.retryMs = retryMs;
  }

  // link() refuses to overwrite an existing name, so of several copies exactly one creates the lock.
  async #lock() {
    await fs.mkdir(this.db.dir, { recursive: true });
    const mine = `${this.lockPath}.${process.pid}`;
    await fs.writeFile(mine, `${process.pid}\n`);
    try {
      for (;;) {
        try {
          await fs.link(mine, this.lockPath);
          return;
        } catch (err) {
          if (err.code !== 'EEXIST') throw err;
          await sleep(this.retryMs);
        }
      }
    } finally {
      await fs.rm(mine, { force: true });
    }
  }

  async run() {
    await this.#lock();
    try {
      await migrate(this.db);
    } finally {
      await fs.rm(this.lockPath, { force: true });
    }
  }
}
