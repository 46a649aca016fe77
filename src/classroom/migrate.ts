/**
 * Brings a database to the latest schema. Safe when several processes run it at once: everything happens in
 * one transaction that first takes the database's migration lock (SQLite: BEGIN IMMEDIATE, the file's write
 * lock; PostgreSQL: a transaction-scoped advisory lock), so the second process waits, then finds nothing to do.
 * A failed step rolls the whole run back.
 */
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations.ts';
import type { SqlClient, SqlRunner } from './sql-client.ts';
import { SchemaVersionError } from './types.ts';

/** Any fixed 64-bit number, the same in every process: the advisory lock's name. */
const POSTGRES_MIGRATION_LOCK = 7_214_200_112;

export interface MigrateResult {
  applied: Migration[];
  version: number;
}

async function appliedVersions(runner: SqlRunner): Promise<number[]> {
  const rows = await runner.query('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => Number(row.version));
}

export async function migrate(client: SqlClient, onApplied: (step: Migration) => void = () => undefined): Promise<MigrateResult> {
  return client.transaction(async (tx) => {
    if (client.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [POSTGRES_MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const done = new Set(await appliedVersions(tx));
    const newest = Math.max(0, ...done);
    if (newest > LATEST_SCHEMA_VERSION) {
      throw new SchemaVersionError(`The database's schema is version ${newest}, newer than this code knows (${LATEST_SCHEMA_VERSION}): run the newer version of the course, or restore a matching database`);
    }
    const applied: Migration[] = [];
    for (const step of migrations) {
      if (done.has(step.version)) continue;
      await tx.exec(step.sql);
      await tx.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, ${client.nowMs})`, [step.version, step.name]);
      applied.push(step);
      onApplied(step);
    }
    return { applied, version: LATEST_SCHEMA_VERSION };
  });
}

/** The schema version a database is at (0: never migrated). */
export async function schemaVersion(client: SqlClient): Promise<number> {
  const table = client.engine === 'postgres'
    ? await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
    : await client.query("SELECT count(*) > 0 AS present FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!table[0]?.present) return 0;
  return Math.max(0, ...(await appliedVersions(client)));
}

/** For a server on a shared database: it never migrates on its own (that is `npm run migrate`), it checks. */
export async function requireLatestSchema(client: SqlClient): Promise<void> {
  const version = await schemaVersion(client);
  if (version !== LATEST_SCHEMA_VERSION) {
    throw new SchemaVersionError(version < LATEST_SCHEMA_VERSION
      ? `The class-mode database is at schema version ${version}, this code needs ${LATEST_SCHEMA_VERSION}: run npm run migrate (with the same DATABASE_URL), then start again`
      : `The class-mode database is at schema version ${version}, newer than this code knows (${LATEST_SCHEMA_VERSION}): deploy the newer version of the course`);
  }
}
