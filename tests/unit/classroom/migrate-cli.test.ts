// `npm run migrate`, the admin process, on both real engines: two runs at once both succeed, the schema is
// applied exactly once, and every stdout line is a JSON event.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../src/classroom/migrations.ts';
import { openClassStore, openSqlClient } from '../../../src/classroom/open-store.ts';
import type { ClassStorageConfig } from '../../../src/config/class-storage.ts';
import { enginesUnderTest } from './engines.ts';

const { engines, cleanUp } = enginesUnderTest();
afterAll(cleanUp);

interface Run { code: number; events: Record<string, unknown>[]; stderr: string }

function settingsOf(config: ClassStorageConfig): Record<string, string> {
  return config.engine === 'postgres' ? { DATABASE_URL: config.databaseUrl } : { DATA_DIR: config.dataDir };
}

function npmRunMigrate(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
    execFile('npm', ['run', '--silent', 'migrate'], { env: { ...inherited, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      // A line that is not JSON shows up in the assertions instead of throwing here (which would hang the test).
      const events = stdout.split('\n').filter((line) => line !== '').map((line): Record<string, unknown> => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return { notJson: line };
        }
      });
      resolve({ code, events, stderr });
    });
  });
}

describe.each(engines)('npm run migrate on $title', (engine) => {
  const test = engine.skip ? it.skip : it;

  test('two runs at once: both succeed, the schema is applied once, servers can open it', async () => {
    const config = await engine.freshDatabase();
    const runs = await Promise.all([npmRunMigrate(settingsOf(config)), npmRunMigrate(settingsOf(config))]);
    for (const run of runs) {
      expect(run.stderr, run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.events[0]).toMatchObject({ level: 'info', msg: 'migrate: start', engine: config.engine });
      expect(run.events.at(-1)).toMatchObject({ version: LATEST_SCHEMA_VERSION, engine: config.engine });
      for (const event of run.events) expect(Date.parse(String(event.time))).not.toBeNaN();
    }
    const applied = runs.flatMap((run) => run.events.filter((event) => event.msg === 'migrate: applied').map((event) => event.version));
    expect(applied.sort()).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
    expect(runs.map((run) => run.events.at(-1)?.msg).sort()).toEqual(['migrate: already up to date', 'migrate: done']);

    const client = openSqlClient(config);
    expect((await client.query('SELECT version FROM schema_migrations')).map((row) => Number(row.version))).toHaveLength(LATEST_SCHEMA_VERSION);
    await client.close();
    const store = await openClassStore(config);
    expect((await store.createClass({ name: 'After migrate' })).name).toBe('After migrate');
    await store.close();
  });
});

describe('npm run migrate with bad settings', () => {
  it('names the setting and never prints a password', async () => {
    const wrongScheme = await npmRunMigrate({ DATABASE_URL: 'mysql://admin:hunter2@db.example.org/course' });
    expect(wrongScheme.code).toBe(1);
    expect(wrongScheme.events).toEqual([expect.objectContaining({ level: 'error', msg: expect.stringMatching(/DATABASE_URL=.*must start with postgres:\/\//) })]);
    expect(JSON.stringify(wrongScheme.events)).not.toContain('hunter2');
  });

  it('reports a DATA_DIR it cannot create as a JSON error line naming the folder', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tfl-not-a-folder-')), 'a-file');
    writeFileSync(file, '');
    const run = await npmRunMigrate({ DATA_DIR: join(file, 'data') });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.events.at(-1)).toMatchObject({ level: 'error', msg: expect.stringMatching(/^migrate: failed: ENOTDIR.*a-file\/data/) });
    rmSync(dirname(file), { recursive: true });
  });

  it('reports an unreachable database as a JSON error line without its password and exits 1', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const run = await npmRunMigrate({ DATABASE_URL: 'postgres://admin:hunter2@127.0.0.1:1/course' });
    expect(run.code).toBe(1);
    expect(run.events.at(-1)).toMatchObject({ level: 'error', msg: expect.stringMatching(/^migrate: failed: .*ECONNREFUSED/) });
    expect(JSON.stringify(run.events) + run.stderr).not.toContain('hunter2');
  });
});
