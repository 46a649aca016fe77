// Admin process, run once per release: node migrate.js
// Same code and same config as the web process; exits when the store holds the latest shape.
import { connectStore } from './kv.js';
import { loadConfig } from './src/config.js';
import { log } from './src/log.js';
import { migrateStore } from './src/migration.js';

try {
  const config = loadConfig({ web: false });
  await migrateStore(connectStore(config.storeUrl), log);
} catch (err) {
  log.error('migration failed', { error: err.message });
  process.exitCode = 1;
}
