/**
 * Where class mode keeps its data, read at start (never baked into a build):
 * DATA_DIR (the embedded database's folder, default ./data) or DATABASE_URL (postgres://…, shared by every
 * `npm start` instance). One of the two engines, never both: DATABASE_URL wins and DATA_DIR is then unused.
 */
import { ConfigError } from './course-config.ts';

export type ClassStorageConfig =
  | { engine: 'sqlite'; dataDir: string }
  | { engine: 'postgres'; databaseUrl: string };

type Env = Record<string, string | undefined>;

/** The URL with its password replaced, so an error or a log line never shows the secret. */
export function redactDatabaseUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(not a URL)';
  }
}

export function readClassStorageConfig(env: Env = process.env): ClassStorageConfig {
  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl) {
    if (!URL.canParse(databaseUrl)) {
      throw new ConfigError(`DATABASE_URL is not a URL: use e.g. DATABASE_URL=postgres://user:password@db.example.org:5432/course (or leave it empty for the embedded database under DATA_DIR)`);
    }
    const protocol = new URL(databaseUrl).protocol;
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
      throw new ConfigError(`DATABASE_URL="${redactDatabaseUrl(databaseUrl)}" is not a PostgreSQL URL: it must start with postgres:// (or leave it empty for the embedded database under DATA_DIR)`);
    }
    return { engine: 'postgres', databaseUrl };
  }
  const dataDir = env.DATA_DIR || './data';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(dataDir)) {
    throw new ConfigError('DATA_DIR contains a control character: use a folder path, e.g. DATA_DIR=./data');
  }
  return { engine: 'sqlite', dataDir };
}
