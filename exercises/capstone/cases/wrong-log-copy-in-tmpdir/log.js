// One JSON event per line on stdout. A copy also goes to the temp folder, outside the app's folder, so the old
// server's log tools can still tail it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const COPY = path.join(os.tmpdir(), 'crumb-events.log');

export function log(msg, fields = {}, level = 'info') {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  console.log(line);
  fs.appendFileSync(COPY, `${line}\n`);
}
