// node migrate.js (or npm run migrate): migrate DATA_DIR to the latest version, then exit.
import { openDb } from './db.js';
import { MigrationRunner } from './lib/migration-runner.js';

await new MigrationRunner(openDb(process.env.DATA_DIR ?? './data')).run();
