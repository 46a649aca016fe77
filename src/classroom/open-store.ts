/**
 * Opens class mode's store from its settings. The embedded file migrates itself (one machine, one process
 * family: nothing to coordinate beyond SQLite's own lock); a shared PostgreSQL is migrated only by
 * `npm run migrate`, and a server finding an older schema refuses to start with that instruction.
 */
import type { ClassStorageConfig } from '../config/class-storage.ts';
import { migrate, requireLatestSchema } from './migrate.ts';
import { openPostgresClient } from './postgres-client.ts';
import type { SqlClient } from './sql-client.ts';
import { openSqliteClient } from './sqlite-client.ts';
import { createSqlStore } from './sql-store.ts';
import type { ClassStore } from './types.ts';

export function openSqlClient(config: ClassStorageConfig): SqlClient {
  return config.engine === 'postgres' ? openPostgresClient(config.databaseUrl) : openSqliteClient(config.dataDir);
}

export async function openClassStore(config: ClassStorageConfig): Promise<ClassStore> {
  const client = openSqlClient(config);
  try {
    if (client.engine === 'sqlite') await migrate(client);
    else await requireLatestSchema(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  return createSqlStore(client);
}
