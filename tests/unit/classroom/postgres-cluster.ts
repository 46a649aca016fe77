/**
 * A throwaway PostgreSQL cluster for tests: initdb + pg_ctl from Debian's `postgresql` package in a temp
 * folder, listening only on a unix socket inside it (no TCP port to collide with), as an unprivileged user
 * when the tests run as root (PostgreSQL refuses to run as root). Stopped and removed by stop().
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const INSTALL_HINT = "PostgreSQL's server binaries (initdb, pg_ctl) are missing: install Debian's postgresql package "
  + '(apt-get install -y postgresql, which npm test does through scripts/prerequisites.sh), or set PG_BIN to the folder holding initdb';

/** The newest installed server's bin folder: PG_BIN, else /usr/lib/postgresql/<major>/bin (Debian), else PATH. */
export function findPostgresBin(): string | undefined {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : undefined;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian).filter((name) => /^\d+$/.test(name) && existsSync(join(debian, name, 'bin', 'initdb')));
    majors.sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return join(debian, majors[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'initdb'))) return dir;
  return undefined;
}

export interface PostgresCluster {
  /** postgres:// URL of a fresh database on the cluster's socket. */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): void;
}

const DB_USER = 'tfl_test';

export function startPostgresCluster(bin: string): PostgresCluster {
  const root = mkdtempSync(join(tmpdir(), 'tfl-pg-'));
  const asRoot = userInfo().uid === 0;
  // As root, every PostgreSQL command runs as the package's `postgres` system user (or nobody without it).
  const owner = asRoot ? (hasUser('postgres') ? 'postgres' : 'nobody') : undefined;
  if (owner) {
    const uid = Number(execFileSync('id', ['-u', owner], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', owner], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  const run = (program: string, args: string[]): string => {
    const command = owner ? 'setpriv' : join(bin, program);
    const fullArgs = owner ? ['--reuid', owner, '--regid', owner, '--init-groups', '--', join(bin, program), ...args] : args;
    return execFileSync(command, fullArgs, { encoding: 'utf8', cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } });
  };
  const data = join(root, 'data');
  run('initdb', ['-D', data, '-U', DB_USER, '--auth=trust', '--encoding=UTF8', '--no-instructions']);
  // listen_addresses '': socket only; fsync off: a test cluster need not survive a power cut.
  run('pg_ctl', ['-D', data, '-l', join(root, 'server.log'), '-w', '-t', '60', '-o',
    `-c listen_addresses='' -c unix_socket_directories=${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start']);
  return {
    url: (database) => `postgres://${DB_USER}@localhost/${database}?host=${encodeURIComponent(root)}`,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: `postgres://${DB_USER}@localhost/postgres?host=${encodeURIComponent(root)}` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

function hasUser(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the PostgreSQL suites stand: run, or skip locally with the install instruction in the suite's title.
 * In CI (CI=true) missing binaries fail the run instead: a green CI must mean both engines were tested.
 */
export function postgresAvailability(): { bin: string } | { skipReason: string } {
  const bin = findPostgresBin();
  if (bin) return { bin };
  if (process.env.CI) throw new Error(`CI=true and ${INSTALL_HINT}`);
  return { skipReason: INSTALL_HINT };
}
