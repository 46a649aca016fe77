// Admin process: migrate the catalogue's data in DATA_DIR to the latest version and exit.
// Safe to run again (schema.json says what is done) and safe to run in several copies at once
// (an exclusive lock file lets one copy through at a time).
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from './db.js';
import { migrate } from './migrations.js';

const dir = process.env.DATA_DIR ?? './data';
const lockFile = path.join(dir, 'migrate.lock');

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function takeLock() {
  await fs.mkdir(dir, { recursive: true });
  for (;;) {
    try {
      // 'wx' fails with EEXIST if the file is there: creating it is the atomic test-and-set.
      await fs.writeFile(lockFile, String(process.pid), { flag: 'wx' });
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const owner = Number(await fs.readFile(lockFile, 'utf8').catch(() => ''));
    if (owner && !alive(owner)) {
      // The copy that held it died; remove its lock only if it is still that copy's.
      const again = Number(await fs.readFile(lockFile, 'utf8').catch(() => ''));
      if (again === owner) await fs.rm(lockFile, { force: true });
      continue;
    }
    await sleep(20);
  }
}

async function main() {
  await takeLock();
  try {
    await migrate(openDb(dir));
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

main().catch((err) => {
  console.error(`migration failed: ${err.stack}`);
  process.exitCode = 1;
});
