import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Where a process keeps its sandboxed runs' files: one folder per process, <tmp>/tfl-<id>/, held by binding the
 * abstract socket named after <id> for the process's whole life. A folder whose name nobody holds belongs to a
 * process that is gone, however it went (SIGKILL, a crash, a container stop): the next start removes it. On
 * every ordinary exit the process removes its own.
 *
 * As root, each run root is a tmpfs of its own with a size limit: the learner's files, what its apps write
 * and the harness's temp folder together cannot fill the host's disk (or its memory: tmpfs pages count against
 * the run's memory cgroup as well), and removing a run, however many files or however deep a chain it made,
 * is one unmount.
 */
const PREFIX = 'tfl-';
const lockName = (id: string) => `\0twelve-factor-lab/instance/${id}`;

let instance: { dir: string; lock: Server } | undefined;

function hold(id: string): Server | undefined {
  const server = createServer();
  server.on('error', () => {});
  server.listen({ path: lockName(id) });
  if (!server.listening) return undefined;
  server.unref();
  return server;
}

/** This process's id among the processes that sandbox runs: names its folder and its runs' cgroups. */
export function instanceId(): string {
  return path.basename(instanceDir()).slice(PREFIX.length);
}

/** Whether the process that holds `id` is alive (its abstract socket name is bound). */
export function instanceAlive(id: string): boolean {
  if (instance && instanceId() === id) return true;
  const lock = hold(id);
  lock?.close();
  return lock === undefined;
}

/** This process's folder for run roots, made (and the stale ones of dead processes swept) on first use. */
export function instanceDir(): string {
  if (instance) return instance.dir;
  sweepStaleInstances();
  const id = randomBytes(6).toString('hex');
  const lock = hold(id);
  if (!lock) throw new Error('could not claim a sandbox folder name');
  const dir = path.join(tmpdir(), `${PREFIX}${id}`);
  mkdirSync(dir, { mode: 0o711 });
  instance = { dir, lock };
  process.once('exit', () => removeNow(dir));
  return dir;
}

/** Folders of processes that are gone: their mounts are detached and the folders removed. */
export function sweepStaleInstances(parent = tmpdir()): void {
  let names: string[] = [];
  try {
    names = readdirSync(parent).filter((name) => new RegExp(`^${PREFIX}[0-9a-f]{12}$`).test(name));
  } catch {
    return;
  }
  for (const name of names) {
    const id = name.slice(PREFIX.length);
    if (id === instance?.dir.slice(-12)) continue;
    const lock = hold(id);
    if (!lock) continue; // its process is alive
    lock.close();
    removeNow(path.join(parent, name));
  }
}

/** Mount points at or below dir, deepest first. */
function mountsUnder(dir: string): string[] {
  try {
    return readFileSync('/proc/self/mounts', 'utf8').split('\n')
      .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' ') ?? '')
      .filter((point) => point === dir || point.startsWith(dir + path.sep))
      .sort((a, b) => b.length - a.length);
  } catch {
    return [];
  }
}

function removeNow(dir: string): void {
  for (const point of mountsUnder(dir)) spawnSync('umount', ['--lazy', point]);
  spawnSync('rm', ['-rf', '--one-file-system', '--', dir]);
}

/**
 * A run root: a fresh folder under `parent` (this process's folder when parent is the OS temp dir), as root a
 * tmpfs of `sizeBytes` (mode 0711, no devices, no set-uid); returns its real path.
 */
export function makeRunRoot(parent: string, prefix: string, sizeBytes: number): string {
  const base = path.resolve(parent) === path.resolve(tmpdir()) ? instanceDir() : parent;
  const root = realpathSync(mkdtempSync(path.join(base, prefix)));
  if (process.getuid?.() === 0) {
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0711,nodev,nosuid`, 'tfl-run', root], { encoding: 'utf8' });
    if (mount.status !== 0) {
      warnOnce(`run folders are not size-limited: mount failed (${(mount.stderr || mount.error?.message || '').trim()})`);
    }
  }
  return root;
}

/** Removes a run root without blocking the event loop: an unmount (tmpfs), or `rm -rf` in a process of its own. */
export function removeRunRoot(root: string): Promise<void> {
  return new Promise((resolve) => {
    const mounted = mountsUnder(root).length > 0;
    const command = mounted
      ? ['sh', '-c', 'umount --lazy "$1" && rmdir "$1" || rm -rf --one-file-system -- "$1"', 'sh', root]
      : ['rm', '-rf', '--one-file-system', '--', root];
    const child = spawn(command[0]!, command.slice(1), { stdio: 'ignore' });
    child.on('error', () => resolve());
    child.on('close', () => resolve());
  });
}

const warned = new Set<string>();
export function warnOnce(text: string): void {
  if (warned.has(text)) return;
  warned.add(text);
  process.stderr.write(`grading sandbox: ${text}\n`);
}
