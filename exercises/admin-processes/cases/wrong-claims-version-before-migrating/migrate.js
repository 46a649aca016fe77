// One-off admin process: node migrate.js brings DATA_DIR to the latest version.
// The first copy marks the data as migrated straight away, so copies started after it skip the work.
import { openDb } from './db.js';
import { migrations, latestVersion } from './migrations.js';

const db = openDb(process.env.DATA_DIR ?? './data');
const from = await db.schemaVersion();
if (from < latestVersion) {
  await db.setSchemaVersion(latestVersion);
  for (const migration of migrations.filter((m) => m.version > from)) {
    await migration.up(db);
    console.log(`migrated the data to version ${migration.version}: ${migration.name}`);
  }
}
