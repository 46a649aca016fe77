// Brings the schema up to date: applies, in order, every migration not yet recorded in schema_migrations.
// The advisory lock makes a second copy wait instead of applying the same migration twice.
import { close, transaction } from './db.js';

const MIGRATIONS = [
  { id: '001-notes', sql: 'CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())' },
];

try {
  const applied = await transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(72163)');
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((row) => row.id));
    const pending = MIGRATIONS.filter((migration) => !done.has(migration.id));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
    }
    return pending.map((migration) => migration.id);
  });
  console.log(`migrations applied: ${applied.join(', ') || 'none'}`);
} catch (error) {
  console.error(`migration failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await close();
}
