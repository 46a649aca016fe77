// Keeps a record of what the service did, so we can look back when a customer calls.
import fs from 'node:fs';

const FILE = './app.log';
const MAX_BYTES = 256 * 1024; // start a new file once the current one gets this big
const KEEP = 3; // app.log.1 … app.log.3

function rotate() {
  for (let i = KEEP - 1; i >= 1; i--) {
    if (fs.existsSync(`${FILE}.${i}`)) fs.renameSync(`${FILE}.${i}`, `${FILE}.${i + 1}`);
  }
  fs.renameSync(FILE, `${FILE}.1`);
}

export function log(level, message) {
  try {
    if (fs.statSync(FILE).size > MAX_BYTES) rotate();
  } catch {
    // no log file yet
  }
  fs.appendFileSync(FILE, `${new Date().toISOString()} [${level}] ${message}\n`);
}
