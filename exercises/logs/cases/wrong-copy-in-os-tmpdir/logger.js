// JSON events on stdout. A copy goes to the temp dir (not the app folder) so the container image stays clean.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const COPY = path.join(os.tmpdir(), 'ledgerly-invoices.log');

export function log(level, msg, fields = {}) {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  process.stdout.write(line);
  fs.appendFile(COPY, line, () => {});
}
