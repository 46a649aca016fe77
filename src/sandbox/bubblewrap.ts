import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Launcher, LaunchSpec } from '../grading/grader-process.ts';

/**
 * Runs a grading process inside bubblewrap: no network (a private loopback only), a read-only /usr, no /etc
 * beyond a hosts file, no view of the server's files or environment, its own PID namespace (everything in it
 * dies with it), and a private writable work dir and /tmp. On top, rlimits per process, applied as an
 * unprivileged uid so the process-count limit really binds (root is exempt from RLIMIT_NPROC).
 */

export interface SandboxLimits {
  /** CPU seconds per process (RLIMIT_CPU). */
  cpuSeconds: number;
  /** Writable memory per process in bytes (RLIMIT_DATA; RLIMIT_AS breaks V8's large reservations). */
  dataBytes: number;
  /** Processes and threads for the run's uid (RLIMIT_NPROC). Node uses ~10 threads per process. */
  processes: number;
  /** Largest file the run may write, in bytes (RLIMIT_FSIZE). */
  fileBytes: number;
  /** Open files per process (RLIMIT_NOFILE). */
  openFiles: number;
}

export const defaultLimits: SandboxLimits = {
  cpuSeconds: 30,
  dataBytes: 768 * 1024 * 1024,
  processes: 256,
  fileBytes: 64 * 1024 * 1024,
  openFiles: 512,
};

/**
 * Each concurrent run gets its own uid, so one run's processes never count against (or signal) another's.
 * Several processes may grade at once (servers, CLIs), so a uid is claimed with an exclusive lock file
 * holding the claimer's pid; a lock whose owner is gone is stale and reclaimed.
 */
const FIRST_UID = 61000;
const UID_SLOTS = 256;
const LOCK_DIR = path.join(tmpdir(), 'twelve-factor-sandbox-uids');

function ownerAlive(lock: string): boolean {
  try {
    process.kill(Number(readFileSync(lock, 'utf8')), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function claim(lock: string): boolean {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

function takeUid(): number {
  mkdirSync(LOCK_DIR, { recursive: true, mode: 0o700 });
  for (let i = 0; i < UID_SLOTS; i++) {
    const uid = FIRST_UID + i;
    const lock = path.join(LOCK_DIR, String(uid));
    if (claim(lock)) return uid;
    if (!ownerAlive(lock)) {
      rmSync(lock, { force: true });
      if (claim(lock)) return uid;
    }
  }
  throw new Error(`more than ${UID_SLOTS} sandboxed runs at once`);
}

function releaseUid(uid: number): void {
  rmSync(path.join(LOCK_DIR, String(uid)), { force: true });
}

let supportDir: string | undefined;
/** A tiny /etc for the sandbox: `localhost` must resolve, and nothing else of the host's /etc is visible. */
function sandboxEtc(): string {
  if (supportDir) return supportDir;
  const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-etc-'));
  // One per process, for its whole life; without this every server start and every `npm run grade` left one.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755); // readable by the unprivileged run uids
  writeFileSync(path.join(dir, 'hosts'), '127.0.0.1 localhost\n::1 localhost\n');
  writeFileSync(path.join(dir, 'passwd'), 'sandbox:x:1000:1000::/tmp:/usr/sbin/nologin\n');
  writeFileSync(path.join(dir, 'group'), 'sandbox:x:1000:\n');
  supportDir = dir;
  return dir;
}

/**
 * Gives the learner's files to the run's uid; .grading stays root's and is mounted read-only.
 * The folders above `cwd` must be traversable by other users (the grader's run root is made 0711).
 */
function handOver(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const name of readdirSync(dir)) {
    if (dir.endsWith(path.sep + '.grading') || name === '.grading') continue;
    const entry = path.join(dir, name);
    const info = lstatSync(entry);
    if (info.isSymbolicLink()) continue;
    chownSync(entry, uid, uid);
    if (info.isDirectory()) handOver(entry, uid);
  }
}

export function bubblewrapArgs(spec: LaunchSpec, etc: string): string[] {
  const nodeBinary = spec.command;
  return [
    '--unshare-all', // net (loopback only), pid, ipc, uts, cgroup, user
    '--die-with-parent',
    '--new-session',
    '--ro-bind', '/usr', '/usr',
    '--symlink', 'usr/lib', '/lib',
    '--symlink', 'usr/lib64', '/lib64',
    '--symlink', 'usr/bin', '/bin',
    '--symlink', 'usr/sbin', '/sbin',
    '--dir', '/etc',
    '--ro-bind', path.join(etc, 'hosts'), '/etc/hosts',
    '--ro-bind', path.join(etc, 'passwd'), '/etc/passwd',
    '--ro-bind', path.join(etc, 'group'), '/etc/group',
    '--proc', '/proc',
    '--dev', '/dev',
    '--tmpfs', '/tmp',
    ...(nodeBinary.startsWith('/usr/') ? [] : ['--ro-bind', nodeBinary, nodeBinary]),
    '--bind', spec.cwd, spec.cwd,
    ...(spec.env.TMPDIR ? ['--bind', spec.env.TMPDIR, spec.env.TMPDIR] : []),
    // Hidden tests and the harness: readable, never writable by the code they grade.
    ...(existsSync(path.join(spec.cwd, '.grading')) ? ['--ro-bind', path.join(spec.cwd, '.grading'), path.join(spec.cwd, '.grading')] : []),
    // The root the mounts above were made in is a private tmpfs; freeze it so only the work dir and /tmp are writable.
    '--remount-ro', '/',
    '--chdir', spec.cwd,
    '--uid', '1000',
    '--gid', '1000',
    '--hostname', 'sandbox',
    '--clearenv',
  ];
}

export interface LauncherHooks {
  /** Called with the host uid a run was given (as root); lets tests find every process of that run. */
  onUid?: (uid: number) => void;
}

export function bubblewrapLauncher(limits: SandboxLimits = defaultLimits, hooks: LauncherHooks = {}): Launcher {
  const asRoot = process.getuid?.() === 0;
  return (spec) => {
    // As root each run gets its own unprivileged uid (RLIMIT_NPROC binds, runs can't signal each other);
    // as an ordinary user the run keeps that user's uid, and the process limit is left to the user's own.
    const uid = asRoot ? takeUid() : undefined;
    if (uid !== undefined) hooks.onUid?.(uid);
    try {
      if (uid !== undefined) {
        handOver(spec.cwd, uid);
        if (spec.env.TMPDIR) handOver(spec.env.TMPDIR, uid);
      }
    } catch (error) {
      if (uid !== undefined) releaseUid(uid);
      throw error;
    }
    // The caller's environment is already minimal (bwrap --clearenv drops everything else); host paths
    // in PATH and HOME mean nothing inside, so those two are replaced.
    const env = { LANG: 'C.UTF-8', ...spec.env, PATH: '/usr/bin:/bin', HOME: '/tmp' };
    const rlimits = [
      `--cpu=${limits.cpuSeconds}`,
      `--data=${limits.dataBytes}`,
      ...(uid !== undefined ? [`--nproc=${limits.processes}`] : []),
      `--fsize=${limits.fileBytes}`,
      `--nofile=${limits.openFiles}`,
      '--core=0',
    ];
    const sandboxed = [
      'prlimit', ...rlimits, '--',
      'bwrap', ...bubblewrapArgs(spec, sandboxEtc()),
      ...Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]),
      '--', spec.command, ...spec.args,
    ];
    const [command, ...args] = uid !== undefined
      ? ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', ...sandboxed]
      : sandboxed;
    const child = spawn(command!, args, { cwd: spec.cwd, env: {}, detached: true, stdio: [spec.stdin ?? 'ignore', 'pipe', 'pipe'] });
    if (uid !== undefined) child.on('close', () => releaseUid(uid));
    // Files placed in the work dir after the launch (a grader started ahead of the learner's files) become the
    // run's too, so the app may change them as it could its own.
    return Object.assign(child, { handOver: () => { if (uid !== undefined) handOver(spec.cwd, uid); } });
  };
}

/**
 * Whether sandboxed grading can run here, and if not, why — in one line an operator can act on.
 * Runs a real process through the whole stack once, so a kernel without user namespaces is caught at start.
 */
export function sandboxProblem(nodeBinary = process.execPath): string | undefined {
  for (const tool of process.getuid?.() === 0 ? ['bwrap', 'setpriv', 'prlimit'] : ['bwrap', 'prlimit']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      return `${tool} is not installed (Debian: apt-get install ${tool === 'bwrap' ? 'bubblewrap' : 'util-linux'})`;
    }
  }
  const probe = mkdtempSync(path.join(tmpdir(), 'sandbox-probe-'));
  spawnSync('mkdir', [path.join(probe, '.grading')]);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(probe, 61999, 61999);
  const spec: LaunchSpec = { command: nodeBinary, args: ['-e', 'process.stdout.write("ok")'], cwd: probe, env: {} };
  const sandboxed = ['bwrap', ...bubblewrapArgs(spec, sandboxEtc()), '--', nodeBinary, ...spec.args];
  const [command, ...args] = asRoot ? ['setpriv', '--reuid=61999', '--regid=61999', '--clear-groups', '--', ...sandboxed] : sandboxed;
  const result = spawnSync(command!, args, { encoding: 'utf8', timeout: 10_000, cwd: probe });
  spawnSync('rm', ['-rf', probe]);
  if (result.stdout !== 'ok') return `bubblewrap cannot start a sandbox here: ${(result.stderr || result.error?.message || 'no output').trim().split('\n')[0]}`;
  return undefined;
}
