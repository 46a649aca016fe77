/**
 * The embedded engine: Node's built-in node:sqlite, one file under DATA_DIR. Chosen over PGlite because it
 * ships with Node 24 (no dependency, no 3 MB WASM Postgres to load, no extra memory per process) and writes a
 * file that several processes can open at once (WAL, busy timeout), which `npm run migrate` beside a running
 * server needs; PGlite allows one process per data folder.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Row, SqlClient, SqlRunner, SqlValue } from './sql-client.ts';

export const DATABASE_FILE = 'class-mode.sqlite';

/** How long a writer waits for another process's write (e.g. a migration) before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

function retryWhileBusy(action: () => void): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return action();
    } catch (error) {
      const busy = (error as { errcode?: number }).errcode === 5; // SQLITE_BUSY
      if (!busy || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); // only at open: a synchronous 20 ms pause
    }
  }
}

export function openSqliteClient(dataDir: string): SqlClient {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { timeout: BUSY_TIMEOUT_MS });
  // WAL lets readers and one writer work at once across processes. Switching a file to WAL needs a moment with
  // no other connection writing, and SQLite answers "database is locked" at once there instead of waiting its
  // busy timeout (seen when two `npm run migrate` start together): retry within that same timeout.
  retryWhileBusy(() => db.exec('PRAGMA journal_mode = WAL'));
  db.exec('PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;');
  const statements = new Map<string, StatementSync>();

  function prepare(sql: string): StatementSync {
    let statement = statements.get(sql);
    if (!statement) {
      // ?N binds parameter N exactly, as $N does in PostgreSQL.
      statement = db.prepare(sql.replace(/\$(\d+)/g, '?$1'));
      statements.set(sql, statement);
    }
    return statement;
  }

  const direct: SqlRunner = {
    async query(sql: string, params: SqlValue[] = []) {
      const statement = prepare(sql);
      return statement.columns().length > 0 ? (statement.all(...params) as Row[]) : (statement.run(...params), []);
    },
    async exec(sql: string) {
      db.exec(sql);
    },
  };

  // One connection, used by async callers: everything goes through one queue, so a transaction's statements
  // are never interleaved with another caller's.
  let tail: Promise<unknown> = Promise.resolve();
  function serially<T>(fn: () => Promise<T>): Promise<T> {
    const result = tail.then(fn, fn);
    tail = result.catch(() => undefined);
    return result;
  }

  return {
    engine: 'sqlite',
    nowMs: "CAST(unixepoch('subsec') * 1000 AS INTEGER)",
    query: (sql, params) => serially(() => direct.query(sql, params)),
    exec: (sql) => serially(() => direct.exec(sql)),
    transaction: (fn) => serially(async () => {
      // IMMEDIATE takes the write lock up front: two processes both reading then upgrading could deadlock.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(direct);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }),
    close: () => serially(async () => {
      if (db.isOpen) db.close();
    }),
  };
}
