// One-off admin process: node migrate.js brings DATA_DIR to the latest version.
import { runMigrations } from './run-migrations.js';

await runMigrations(process.env.DATA_DIR ?? './data');
