// Notes live in PostgreSQL, at DATABASE_URL. The driver (pg) is loaded on first use, so the service starts, and
// answers what needs no database, before the database is reachable or the driver is installed.
let pool;

async function database() {
  if (!pool) {
    const { default: pg } = await import('pg');
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? process.env.NOTES_DB });
  }
  return pool;
}

export async function listNotes() {
  const { rows } = await (await database()).query('SELECT id, text, created_at FROM notes ORDER BY id DESC LIMIT 100');
  return rows;
}

export async function addNote(text) {
  const { rows } = await (await database()).query('INSERT INTO notes (text) VALUES ($1) RETURNING id, text, created_at', [text]);
  return rows[0];
}

/** Runs fn(client) on one connection inside a transaction. */
export async function transaction(fn) {
  const client = await (await database()).connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function close() {
  await pool?.end();
}
