/**
 * `npm run migrate`: the one-off admin process that brings class mode's database (DATA_DIR's embedded file, or
 * PostgreSQL at DATABASE_URL) to the schema this code needs. Safe to run while servers run and when two runs
 * start at once (src/classroom/migrate.ts). Logs JSON lines on stdout; exit 0 done, 1 failed.
 */
import { performance } from 'node:perf_hooks';
import { openSqlClient } from '../src/classroom/open-store.ts';
import { migrate } from '../src/classroom/migrate.ts';
import { readClassStorageConfig, redactDatabaseUrl } from '../src/config/class-storage.ts';
import { ConfigError } from '../src/config/course-config.ts';
import { logEvent } from '../src/server/request-log.ts';

let config;
try {
  config = readClassStorageConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  logEvent({ level: 'error', msg: `Invalid configuration: ${error.message}` });
  process.exit(1);
}
const where = config.engine === 'postgres' ? redactDatabaseUrl(config.databaseUrl) : config.dataDir;
const started = performance.now();
logEvent({ msg: 'migrate: start', engine: config.engine, database: where });
let client;
try {
  // Inside the try: an unwritable DATA_DIR or a malformed URL is a JSON error line too, not a stack trace.
  client = openSqlClient(config);
  const result = await migrate(client, (step) => logEvent({ msg: 'migrate: applied', version: step.version, name: step.name }));
  logEvent({
    msg: result.applied.length > 0 ? 'migrate: done' : 'migrate: already up to date',
    engine: config.engine,
    version: result.version,
    applied: result.applied.length,
    durationMs: Math.round(performance.now() - started),
  });
} catch (error) {
  logEvent({ level: 'error', msg: `migrate: failed: ${(error as Error).message}`, engine: config.engine, database: where });
  process.exitCode = 1;
} finally {
  await client?.close();
}
