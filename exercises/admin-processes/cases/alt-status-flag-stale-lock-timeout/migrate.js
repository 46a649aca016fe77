// Admin process for the catalogue's data.
//   node migrate.js            migrate DATA_DIR to the latest version (safe to repeat, safe in parallel)
//   node migrate.js --status   print the stored and the latest version, change nothing
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from './db.js';
import { migrate, latestVersion } from './migrations.js';

const GIVE_UP_AFTER_MS = 30_000;
const db = openDb(path.resolve(process.env.DATA_DIR ?? './data'));
const lockDir = path.join(db.dir, '.lock');

function ownerIsGone(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return err.code === 'ESRCH';
  }
}

async function lock() {
  await fs.mkdir(db.dir, { recursive: true });
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  for (;;) {
    try {
      await fs.mkdir(lockDir);
      await fs.writeFile(path.join(lockDir, 'owner'), String(process.pid));
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const owner = Number(await fs.readFile(path.join(lockDir, 'owner'), 'utf8').catch(() => NaN));
    if (ownerIsGone(owner)) {
      // Rename first, so two copies cannot both decide to delete the same stale lock.
      const stale = `${lockDir}.stale-${process.pid}`;
      if (await fs.rename(lockDir, stale).then(() => true, () => false)) await fs.rm(stale, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another migration has held ${lockDir} for ${GIVE_UP_AFTER_MS / 1000} s`);
    await sleep(25);
  }
}

async function main() {
  if (process.argv.includes('--status')) {
    console.log(`stored version ${await db.schemaVersion()}, latest ${latestVersion}`);
    return;
  }
  await lock();
  try {
    await migrate(db);
    console.log(`data in ${path.basename(db.dir)} is at version ${await db.schemaVersion()}`);
  } finally {
    await fs.rm(lockDir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (err) {
  console.error(`migrate: ${err.message}`);
  process.exitCode = 1;
}
