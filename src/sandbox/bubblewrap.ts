import { spawnSync } from 'node:child_process';
import { chownSync, cpSync, lstatSync, mkdirSync, readdirSync, realpathSync } from 'node:fs';
import { Duplex } from 'node:stream';
import path from 'node:path';
import type { Launcher, LaunchedProcess, LaunchSpec } from '../grading/grader-process.ts';
import { serveBroker, type LearnerRequest } from './app-broker.ts';
import { createRunCgroup, type RunCgroup } from './cgroups.ts';
import { defaultLimits, type SandboxLimits } from './limits.ts';
import { minimalRootArgs, NODE_IN_SANDBOX, SANDBOX_PATH } from './minimal-root.ts';
import { instanceDir, instanceId, makeRunRoot, removeRunRoot } from './run-root.ts';
import { INFO_FD, prologue, startSandboxed, type SandboxedProcess } from './sandbox-process.ts';
import { claimUidSlot, type UidSlot } from './uid-pool.ts';

/**
 * Runs grading and Runs inside bubblewrap. As root (CI, the documented container), a grading run is two kinds
 * of sandbox under two uids (uid-pool.ts):
 * - the judge: the harness, its kit and the hidden tests, as the run's judge uid; it sees the run root's app/
 *   (the learner's copy) read-only, tmp/ (its temp folder) and judge/ (itself);
 * - the judged: every learner process the harness asks for (app-broker.ts), each in a sandbox of its own as
 *   the run's learner uid, in its own pid namespace (it cannot see, signal or trace the harness), sharing only
 *   the judge's network namespace (a private loopback) so apps and the kit's fake services meet on 127.0.0.1.
 *   It sees app/ (its own), tmp/ (where only what the kit opened is writable) and preloads/, never judge/.
 * Each part is mounted at its host path; a learner process also sees its working folder at /app and starts there.
 * A Run (/api/run) is a judged sandbox with a loopback of its own. Every sandbox has a minimal root
 * (minimal-root.ts), a size-limited /tmp and work folder (run-root.ts), the same hostname, rlimits per
 * process, and the run's learner processes share one cgroup (cgroups.ts) that caps them together.
 * As an ordinary user there is one uid to run as: the harness runs in one sandbox and starts the apps itself.
 */
export { defaultLimits, type SandboxLimits } from './limits.ts';

const HOSTNAME = 'app';
/** Where a learner process finds its working folder (and starts), whatever its host path. */
export const APP_DIR = '/app';
let runCount = 0;

export interface LauncherHooks {
  /** Called with the host uids a run was given (as root); lets tests find every process of that run. */
  onUid?: (uid: number) => void;
}

function rlimits(limits: SandboxLimits, perUid: boolean): string[] {
  return [
    `--cpu=${limits.cpuSeconds}`,
    `--data=${limits.dataBytes}`,
    ...(perUid ? [`--nproc=${limits.processes}`] : []),
    `--fsize=${limits.fileBytes}`,
    `--nofile=${limits.openFiles}`,
    '--core=0',
  ];
}

/** What every sandbox has: new namespaces, the minimal root, /proc, /dev, a size-limited /tmp, uid 1000. */
function baseArgs(nodeBinary: string, limits: SandboxLimits, shareNet: boolean): string[] {
  return [
    '--unshare-all', ...(shareNet ? ['--share-net'] : []),
    '--die-with-parent',
    '--new-session',
    ...minimalRootArgs(nodeBinary),
    '--proc', '/proc',
    '--dev', '/dev',
    '--size', String(limits.tmpBytes), '--tmpfs', '/tmp',
  ];
}

/** `env` is the sandbox's whole environment. */
function closingArgs(cwd: string, env: Record<string, string>): string[] {
  return [
    // The root the mounts above were made in is a private tmpfs; freeze it so only the mounts marked writable are.
    '--remount-ro', '/',
    '--chdir', cwd,
    '--uid', '1000',
    '--gid', '1000',
    '--hostname', HOSTNAME,
    '--info-fd', String(INFO_FD),
    '--clearenv',
    ...Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]),
  ];
}

/**
 * The harness's sandbox: judge/ and preloads/ read-only, tmp/ writable, the learner's copy read-only — unless
 * the harness starts the apps itself (no broker, as an ordinary user), which then run in here and write there.
 */
export function judgeArgs(root: string, spec: LaunchSpec, limits: SandboxLimits, appsInside: boolean): string[] {
  return [
    ...baseArgs(spec.command, limits, false),
    ...mount(appsInside ? '--bind' : '--ro-bind', root, 'app'),
    ...mount('--bind', root, 'tmp'),
    ...mount('--ro-bind', root, 'judge'),
    ...mount('--ro-bind', root, 'preloads'),
    ...closingArgs(path.join(root, 'app'), { LANG: 'C.UTF-8', ...spec.env, HOME: '/tmp', PATH: SANDBOX_PATH }),
  ];
}

/** A learner process's sandbox; `root/tmp` is there for a grading run only (a Run has none). */
export function learnerArgs(root: string, nodeBinary: string, request: LearnerRequest, limits: SandboxLimits, grading: boolean): string[] {
  return [
    ...baseArgs(nodeBinary, limits, grading),
    ...mount('--bind', root, 'app'),
    ...(grading ? mount('--bind', root, 'tmp') : []),
    ...mount('--ro-bind', root, 'preloads'),
    // The sandbox's pid 1 (bwrap's reaper) runs as the learner's uid too: hidden, so the app can neither read its
    // command line nor trace or write it (a "parent" that would look like a target).
    '--tmpfs', '/proc/1', '--remount-ro', '/proc/1',
    // Its working folder also at a neutral path, as in a container image, where it starts: a cwd under the
    // server's temp folder would tell the app it is being graded. The host path stays mounted too, for the
    // absolute paths the kit hands over in env values.
    '--bind', request.cwd, APP_DIR,
    // The environment is the one the kit chose (a test may set PATH); only what it leaves out is filled in.
    ...closingArgs(APP_DIR, { HOME: '/tmp', PATH: SANDBOX_PATH, ...request.env }),
  ];
}

function mount(how: string, root: string, part: string): string[] {
  return [how, path.join(root, part), path.join(root, part)];
}

/** The command line that starts `node <args>` in a sandbox as `uid`, optionally in another sandbox's network. */
function chain(options: { uid?: number; groups?: number; netOf?: number; cgroup?: RunCgroup; limits: SandboxLimits; bwrap: string[]; args: string[] }): string[] {
  let command = ['prlimit', ...rlimits(options.limits, options.uid !== undefined), '--', 'bwrap', ...options.bwrap, '--', NODE_IN_SANDBOX, ...options.args];
  if (options.uid !== undefined) {
    const groups = options.groups === undefined ? ['--clear-groups'] : [`--groups=${options.groups}`];
    command = ['setpriv', `--reuid=${options.uid}`, `--regid=${options.uid}`, ...groups, '--', ...command];
  }
  if (options.netOf !== undefined) command = ['nsenter', `--net=/proc/${options.netOf}/ns/net`, '--', ...command];
  return prologue(options.cgroup, options.groups !== undefined, command);
}

/**
 * Gives the learner's files to the learner's uid; called before any learner process of the run exists, so
 * nothing here can follow a link or a rename the learner made (and links are skipped anyway).
 */
function handOver(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const name of readdirSync(dir)) {
    const entry = path.join(dir, name);
    const info = lstatSync(entry);
    if (info.isSymbolicLink()) continue;
    chownSync(entry, uid, uid);
    if (info.isDirectory()) handOver(entry, uid);
  }
}

/** Node's flags for the harness: no inspector a signal could open, where this Node can refuse it. */
const judgeFlags = new Map<string, string[]>();
function judgeNodeFlags(nodeBinary: string): string[] {
  let flags = judgeFlags.get(nodeBinary);
  if (!flags) {
    // Node 22.14+ and 23.7+ have the flag; this process's own Node is known without starting another.
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const ownHasIt = major > 23 || (major === 23 && minor >= 7) || (major === 22 && minor >= 14);
    const probe = () => spawnSync(nodeBinary, ['--disable-sigusr1', '-e', '0'], { stdio: 'ignore' }).status === 0;
    const same = realpathSync(nodeBinary) === realpathSync(process.execPath);
    flags = (same ? ownHasIt : probe()) ? ['--disable-sigusr1'] : [];
    judgeFlags.set(nodeBinary, flags);
  }
  return flags;
}

export function bubblewrapLauncher(limits: SandboxLimits = defaultLimits, hooks: LauncherHooks = {}): Launcher {
  const asRoot = process.getuid?.() === 0;
  const launch = (spec: LaunchSpec): LaunchedProcess => {
    const slot = asRoot ? claimUidSlot() : undefined;
    const ownRoot = spec.runRoot === undefined;
    const root = spec.runRoot ?? makeRunRoot(path.dirname(spec.cwd), 'tfl-', limits.diskBytes);
    let cgroup: RunCgroup | undefined;
    let run: Started;
    try {
      if (slot) {
        hooks.onUid?.(slot.judge);
        hooks.onUid?.(slot.learner);
        cgroup = createRunCgroup(`${instanceId()}-${slot.learner}-${++runCount}`, { memoryBytes: limits.runMemoryBytes, tasks: limits.runTasks });
      }
      run = spec.runRoot ? startJudge(spec, root, slot, cgroup, limits) : startRun(spec, root, slot, cgroup, limits);
    } catch (error) {
      slot?.release();
      void cgroup?.remove();
      if (ownRoot) void removeRunRoot(root);
      throw error;
    }
    const { child } = run.sandboxed;
    const settled = new Promise<void>((resolve) => child.on('close', () => {
      // Learner sandboxes first (each one's outer bwrap reaps it), then anything still in the run's cgroup,
      // then the uids go back to the pool: a uid is never reused while a process of the run still has it.
      void run.endLearners().then(async () => {
        for (const pid of cgroup?.pids() ?? []) {
          try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
        }
        resolve();
        await cgroup?.remove();
        slot?.release();
        if (ownRoot) await removeRunRoot(root);
      });
    }));
    return Object.assign(child, {
      settled,
      // Files placed in the work dir after the launch (a grader started ahead of the learner's files) become the
      // learner's, so its apps may change them as they could their own.
      handOver: () => { if (slot) handOver(path.join(root, 'app'), slot.learner); },
      stop: (signal: NodeJS.Signals) => run.sandboxed.signal(signal),
    });
  };
  return Object.assign(launch, {
    makeRunRoot: (parent: string, prefix: string) => makeRunRoot(parent, prefix, limits.diskBytes),
    removeRunRoot,
  });
}

interface Started {
  sandboxed: SandboxedProcess;
  /** Ends the run's learner sandboxes; resolves once each has closed (bounded). */
  endLearners(): Promise<void>;
}

/** The harness of a grading run; as root, with the broker on its fd 3 starting learner processes. */
function startJudge(spec: LaunchSpec, root: string, slot: UidSlot | undefined, cgroup: RunCgroup | undefined, limits: SandboxLimits): Started {
  if (slot) chownSync(path.join(root, 'tmp'), slot.judge, slot.judge);
  const env = slot ? { ...spec.env, GRADING_BROKER_FD: '3' } : spec.env;
  const args = [...judgeNodeFlags(spec.command), ...spec.args];
  const judge = startSandboxed(
    chain({ uid: slot?.judge, limits, bwrap: judgeArgs(root, { ...spec, env }, limits, !slot), args }),
    [spec.stdin ?? 'ignore', 'pipe', 'pipe', slot ? 'pipe' : 'ignore', 'pipe'],
  );
  if (!slot) return { sandboxed: judge, endLearners: async () => {} };
  // The broker reads requests once the judge's pid 1 is known (the learner joins its network); until then they
  // wait in the channel.
  let broker: ReturnType<typeof serveBroker> | undefined;
  void judge.initPid.then((netOf) => {
    if (netOf === undefined || judge.child.exitCode !== null) return;
    broker = serveBroker(judge.child.stdio[3] as Duplex, root, (request) => {
      cgroup?.ensure();
      return startSandboxed(
        chain({ uid: slot.learner, groups: slot.judge, netOf, cgroup, limits, bwrap: learnerArgs(root, spec.command, request, limits, true), args: request.args }),
        [request.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', request.report ? 'pipe' : 'ignore', 'pipe'],
      );
    });
  });
  return { sandboxed: judge, endLearners: async () => broker?.closeAll() };
}

/** A Run: the learner's app alone, with a loopback of its own, its files copied into a run root of its own. */
function startRun(spec: LaunchSpec, root: string, slot: UidSlot | undefined, cgroup: RunCgroup | undefined, limits: SandboxLimits): Started {
  const app = path.join(root, 'app');
  // Copied, not mounted: the run root is size-limited, and the caller's folder is the caller's.
  cpSync(spec.cwd, app, { recursive: true, verbatimSymlinks: true });
  mkdirSync(path.join(root, 'preloads'), { recursive: true });
  if (slot) handOver(app, slot.learner);
  // The request's variables never name a host path: none is mounted or owned for them, and HOME is the sandbox's.
  const request: LearnerRequest = { args: ['--', ...spec.args], cwd: app, env: { LANG: 'C.UTF-8', ...spec.env, HOME: '/tmp', PATH: SANDBOX_PATH }, stdin: false, report: false };
  const sandboxed = startSandboxed(
    chain({ uid: slot?.learner, cgroup, limits, bwrap: learnerArgs(root, spec.command, request, limits, false), args: request.args }),
    [spec.stdin ?? 'ignore', 'pipe', 'pipe', 'ignore', 'pipe'],
  );
  return { sandboxed, endLearners: async () => { sandboxed.signal('SIGKILL'); } };
}

/**
 * Whether sandboxed grading can run here, and if not, why — in one line an operator can act on.
 * Runs a real process through the whole stack once (minimal root, and as root another uid and a network
 * namespace entered from outside), so a kernel without user namespaces is caught at start.
 */
export function sandboxProblem(nodeBinary = process.execPath): string | undefined {
  const asRoot = process.getuid?.() === 0;
  for (const tool of asRoot ? ['bwrap', 'setpriv', 'prlimit', 'nsenter', 'unshare', 'ldd', 'mount'] : ['bwrap', 'prlimit', 'ldd']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      return `${tool} is not installed (Debian: apt-get install ${tool === 'bwrap' ? 'bubblewrap' : tool === 'ldd' ? 'libc-bin' : 'util-linux'})`;
    }
  }
  let root: string | undefined;
  try {
    root = makeRunRoot(instanceDir(), 'probe-', 16 * 1024 * 1024);
    for (const dir of ['app', 'preloads']) mkdirSync(path.join(root, dir));
    if (asRoot) chownSync(path.join(root, 'app'), 61999, 61999);
    const request: LearnerRequest = { args: ['-e', 'process.stdout.write("ok")'], cwd: path.join(root, 'app'), env: {}, stdin: false, report: false };
    // In a pid namespace of its own as root, as every sandbox (sandbox-process.ts): nothing is orphaned to this process.
    const sandboxed = chain({ uid: asRoot ? 61999 : undefined, limits: defaultLimits, bwrap: learnerArgs(root, nodeBinary, request, defaultLimits, false), args: request.args });
    const command = asRoot ? ['unshare', '--pid', '--fork', '--kill-child', '--', ...sandboxed] : sandboxed;
    const result = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe', 'ignore', 'pipe'] });
    if (result.stdout !== 'ok') return `bubblewrap cannot start a sandbox here: ${(result.stderr || result.error?.message || 'no output').trim().split('\n')[0]}`;
    return undefined;
  } catch (error) {
    return `bubblewrap cannot start a sandbox here: ${(error as Error).message}`;
  } finally {
    if (root) spawnSync('sh', ['-c', 'umount --lazy "$1" 2>/dev/null; rm -rf --one-file-system -- "$1"', 'sh', root]);
  }
}
