// JSON events on stdout; a copy goes next to the app folder (../invoices-events.log), outside the image's
// working directory, so the app folder itself stays clean.
import fs from 'node:fs';
import path from 'node:path';

const COPY = path.resolve('..', 'invoices-events.log');

export function log(level, msg, fields = {}) {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  process.stdout.write(line);
  fs.appendFileSync(COPY, line);
}
