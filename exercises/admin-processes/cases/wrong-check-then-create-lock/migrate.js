// One-off admin process: node migrate.js brings DATA_DIR to the latest version, one copy at a time.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from './db.js';
import { migrate } from './migrations.js';

const dir = process.env.DATA_DIR ?? './data';
const lock = path.join(dir, 'migrate.lock');

// Wait while another copy is migrating, then claim the lock ourselves.
while (fs.existsSync(lock)) await sleep(25);
fs.writeFileSync(lock, String(process.pid));
try {
  await migrate(openDb(dir));
} finally {
  fs.rmSync(lock, { force: true });
}
