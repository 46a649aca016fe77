/**
 * Both storage engines, for suites that run the same tests against each (describe.each): SQLite in a fresh
 * temp folder, PostgreSQL in a fresh database on a throwaway cluster started on first use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClassStorageConfig } from '../../../src/config/class-storage.ts';
import { postgresAvailability, startPostgresCluster, type PostgresCluster } from './postgres-cluster.ts';

export interface EngineUnderTest {
  /** For the suite title: the engine, or why it is skipped and how to install what it needs. */
  title: string;
  skip: boolean;
  /** A fresh, empty database for this engine. */
  freshDatabase(): Promise<ClassStorageConfig>;
}

export function enginesUnderTest(): { engines: EngineUnderTest[]; cleanUp(): void } {
  const folders: string[] = [];
  let cluster: PostgresCluster | undefined;
  let databases = 0;
  const postgres = postgresAvailability();
  const sqlite: EngineUnderTest = {
    title: 'sqlite (embedded, node:sqlite)',
    skip: false,
    async freshDatabase() {
      const dataDir = mkdtempSync(join(tmpdir(), 'tfl-class-'));
      folders.push(dataDir);
      return { engine: 'sqlite', dataDir };
    },
  };
  const pg: EngineUnderTest = {
    title: 'skipReason' in postgres ? `postgres — SKIPPED: ${postgres.skipReason}` : 'postgres (throwaway cluster)',
    skip: 'skipReason' in postgres,
    async freshDatabase() {
      if (!('bin' in postgres)) throw new Error('unreachable: the postgres suite is skipped');
      cluster ??= startPostgresCluster(postgres.bin);
      databases += 1;
      const name = `class_${process.pid}_${databases}`;
      await cluster.createDatabase(name);
      return { engine: 'postgres', databaseUrl: cluster.url(name) };
    },
  };
  return {
    engines: [sqlite, pg],
    cleanUp() {
      cluster?.stop();
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    },
  };
}
