// JSON events on stdout; an NDJSON copy goes into node_modules/.cache, which git and docker ignore anyway.
import fs from 'node:fs';

const DIR = './node_modules/.cache/ledgerly';
fs.mkdirSync(DIR, { recursive: true });
const copy = fs.createWriteStream(`${DIR}/events.ndjson`, { flags: 'a' });

export function log(level, msg, fields = {}) {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  process.stdout.write(line);
  copy.write(line);
}
