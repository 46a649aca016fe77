// One-off admin process, run once per release before the web processes start: node migrate.js
// Same code and config as the web process; running it again finds nothing to do.
import { config } from './config.js';
import { DATA_KEY, migrated } from './data.js';
import { connectStore } from './kv.js';
import { log } from './log.js';

const store = connectStore(config.storeUrl);
const before = await store.get(DATA_KEY);
const after = migrated(before);
if (after) {
  await store.put(DATA_KEY, after);
  log('data migrated', { from: before?.version ?? null, to: after.version });
} else {
  log('data already up to date', { version: before.version });
}
