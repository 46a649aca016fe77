// JSON events on stdout. On a developer's machine (NODE_ENV=development) they also go to ./app.log, so the
// history survives a restart of `npm run dev`.
import fs from 'node:fs';

const keepFile = process.env.NODE_ENV === 'development';

export function log(level, msg, fields = {}) {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  process.stdout.write(line);
  if (keepFile) fs.appendFileSync('./app.log', line);
}
