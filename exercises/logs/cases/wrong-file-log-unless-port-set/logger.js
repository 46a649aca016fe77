// On a platform (it always sets PORT) events go to stdout as JSON lines.
// Run by hand on a laptop, they go to ./app.log as before so the terminal stays quiet.
import fs from 'node:fs';

const onPlatform = Boolean(process.env.PORT);

export function log(level, msg, fields = {}) {
  const event = { time: new Date().toISOString(), level, msg, ...fields };
  if (onPlatform) process.stdout.write(`${JSON.stringify(event)}\n`);
  else fs.appendFileSync('./app.log', `${event.time} [${level.toUpperCase()}] ${msg} ${JSON.stringify(fields)}\n`);
}
