// One-off admin process: node migrate.js brings DATA_DIR to the latest version.
import { openDb } from './db.js';
import { migrate } from './migrations.js';

await migrate(openDb(process.env.DATA_DIR ?? './data'));
