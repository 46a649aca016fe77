// One-off admin process: node migrate.js brings DATA_DIR to the latest version.
import { openDb } from './db.js';
import { migrate } from './migrations.js';

// A mutex so two migrations never run at the same time.
let running = Promise.resolve();
function exclusive(task) {
  const next = running.then(task);
  running = next.catch(() => {});
  return next;
}

await exclusive(() => migrate(openDb(process.env.DATA_DIR ?? './data')));
