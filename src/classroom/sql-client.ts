/**
 * The little the store needs from a database, so one store (sql-store.ts) and one set of migrations serve
 * both engines. SQL is written once with PostgreSQL's $1, $2 … placeholders; the SQLite client translates.
 */
import type { StorageEngine } from './types.ts';

export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface SqlRunner {
  query(sql: string, params?: SqlValue[]): Promise<Row[]>;
  /** Several statements without parameters (a migration). */
  exec(sql: string): Promise<void>;
}

export interface SqlClient extends SqlRunner {
  readonly engine: StorageEngine;
  /** An SQL expression for the database's clock, in whole milliseconds since the epoch. */
  readonly nowMs: string;
  /** Runs fn in one write transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
