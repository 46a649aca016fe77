/** PostgreSQL at DATABASE_URL through node-postgres' pool: any number of `npm start` instances share it. */
import pg from 'pg';
import type { Row, SqlClient, SqlRunner, SqlValue } from './sql-client.ts';

export function openPostgresClient(databaseUrl: string): SqlClient {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops (a restart, a failover) must not crash the process: the pool replaces it.
  pool.on('error', () => undefined);

  const runner = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    async query(sql: string, params: SqlValue[] = []) {
      return (await client.query(sql, params)).rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  const direct = runner(pool);

  return {
    engine: 'postgres',
    // clock_timestamp, not now(): now() is the transaction's start, the same for every row written in it.
    nowMs: '(extract(epoch from clock_timestamp()) * 1000)::bigint',
    query: direct.query,
    exec: direct.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(runner(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
