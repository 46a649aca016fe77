// Production: JSON events on stdout for the platform. Development: the rotating file we always had.
import fs from 'node:fs';

const FILE = './app.log';
const MAX_BYTES = 256 * 1024;
const KEEP = 3;

function rotate() {
  for (let i = KEEP - 1; i >= 1; i--) {
    if (fs.existsSync(`${FILE}.${i}`)) fs.renameSync(`${FILE}.${i}`, `${FILE}.${i + 1}`);
  }
  fs.renameSync(FILE, `${FILE}.1`);
}

export function log(level, msg, fields = {}) {
  const event = { time: new Date().toISOString(), level, msg, ...fields };
  if (process.env.NODE_ENV === 'production') {
    process.stdout.write(`${JSON.stringify(event)}\n`);
    return;
  }
  try {
    if (fs.statSync(FILE).size > MAX_BYTES) rotate();
  } catch {
    // no log file yet
  }
  fs.appendFileSync(FILE, `${JSON.stringify(event)}\n`);
}
