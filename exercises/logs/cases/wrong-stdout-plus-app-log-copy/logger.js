// Events go to stdout for the platform, and a local copy stays in ./app.log for when we ssh in.
import fs from 'node:fs';

const FILE = './app.log';
const MAX_BYTES = 256 * 1024;

function keepLocalCopy(line) {
  try {
    if (fs.statSync(FILE).size > MAX_BYTES) fs.renameSync(FILE, `${FILE}.1`);
  } catch {
    // no local copy yet
  }
  fs.appendFileSync(FILE, line);
}

export function log(level, msg, fields = {}) {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  process.stdout.write(line);
  keepLocalCopy(line);
}
