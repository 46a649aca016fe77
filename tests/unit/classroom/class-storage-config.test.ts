import { describe, expect, it } from 'vitest';
import { readClassStorageConfig, redactDatabaseUrl } from '../../../src/config/class-storage.ts';
import { ConfigError } from '../../../src/config/course-config.ts';

describe('DATA_DIR and DATABASE_URL', () => {
  it('defaults to the embedded database under ./data', () => {
    expect(readClassStorageConfig({})).toEqual({ engine: 'sqlite', dataDir: './data' });
    expect(readClassStorageConfig({ DATA_DIR: '/var/lib/course', DATABASE_URL: '' })).toEqual({ engine: 'sqlite', dataDir: '/var/lib/course' });
  });

  it('uses PostgreSQL for a postgres:// or postgresql:// URL, whatever DATA_DIR says', () => {
    expect(readClassStorageConfig({ DATABASE_URL: 'postgres://u:p@db:5432/course', DATA_DIR: './data' }))
      .toEqual({ engine: 'postgres', databaseUrl: 'postgres://u:p@db:5432/course' });
    expect(readClassStorageConfig({ DATABASE_URL: 'postgresql://db/course' }).engine).toBe('postgres');
  });

  it('refuses another scheme or a non-URL, naming the setting and hiding the password', () => {
    expect(() => readClassStorageConfig({ DATABASE_URL: 'mysql://root:hunter2@db/course' })).toThrow(ConfigError);
    expect(() => readClassStorageConfig({ DATABASE_URL: 'mysql://root:hunter2@db/course' })).toThrow(/DATABASE_URL="mysql:\/\/root:\*\*\*@db\/course" is not a PostgreSQL URL/);
    expect(() => readClassStorageConfig({ DATABASE_URL: 'db.example.org:5432' })).toThrow(/DATABASE_URL.*must start with postgres:\/\//);
    expect(() => readClassStorageConfig({ DATABASE_URL: 'localhost/course hunter2' })).toThrow(/^DATABASE_URL is not a URL/);
  });

  it('refuses a DATA_DIR with control characters', () => {
    expect(() => readClassStorageConfig({ DATA_DIR: 'data\nrm' })).toThrow(/DATA_DIR contains a control character/);
  });

  it('redacts passwords only', () => {
    expect(redactDatabaseUrl('postgres://u:secret@h/d')).toBe('postgres://u:***@h/d');
    expect(redactDatabaseUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
  });
});
