import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { RunCgroup } from './cgroups.ts';

/**
 * One bubblewrap sandbox started from the host, and how to stop it without leaving anything behind.
 * The command line is a chain of execs (sh joining the run's cgroup → nsenter → setpriv → prlimit → bwrap); the
 * outer bwrap forks the sandbox's pid 1 (its reaper), which starts the command. bwrap exits as soon as the
 * command has, and its reaper may exit a moment later, orphaned: to the host's pid 1 — in a container the server
 * itself, which keeps every such process as a zombie. So as root the chain runs in a pid namespace of its own
 * (`unshare --pid --fork`): the chain is that namespace's init, and when it exits the kernel kills and reaps
 * everything left in it, before `unshare`, this process's child (reaped by Node), exits. SIGKILL to that init
 * ends the whole sandbox at once.
 */
export const INFO_FD = 4;

/**
 * `unshare --pid --fork --kill-child` with its own messages (e.g. util-linux 2.38's "sigprocmask unblock failed"
 * when its child is SIGKILLed) sent nowhere: the chain gets the real stderr back (kept on fd 9 meanwhile), so only
 * what the sandbox's command writes reaches the output. Both shells exec: `unshare` is still the spawned process.
 */
const QUIET_UNSHARE = [
  'sh', '-c', `exec 9>&2 2>/dev/null; exec unshare --pid --fork --kill-child -- sh -c 'exec 2>&9 9>&-; exec "$@"' sh "$@"`, 'sh',
];

export interface SandboxedProcess {
  child: ChildProcess;
  /** Signals the sandbox: SIGKILL ends all of it; other signals go to the command (group: its process group). */
  signal(signal: NodeJS.Signals, group?: boolean): void;
  /** The sandbox's pid 1 (bwrap's reaper) as the host sees it, once bwrap has started it. */
  readonly initPid: Promise<number | undefined>;
}

/**
 * The shell prologue that moves the chain into the run's cgroup before anything of the run starts and, with
 * `shared`, sets umask 002: what a learner process makes in a folder the kit shared with it (setgid, the run's
 * group) stays the group's to change, so a test can clean or rebuild a folder the app wrote into.
 */
export function prologue(cgroup: RunCgroup | undefined, shared: boolean, command: string[]): string[] {
  const files = cgroup?.procsFiles ?? [];
  if (files.length === 0 && !shared) return command;
  const steps = [...(shared ? ['umask 002'] : []), ...files.map((_, i) => `echo $$ > "$${i + 1}"`), `shift ${files.length}`, 'exec "$@"'];
  return ['sh', '-c', steps.join(' && '), 'sh', ...files, ...command];
}

export function startSandboxed(command: string[], stdio: StdioOptions): SandboxedProcess {
  const ownNamespace = process.getuid?.() === 0;
  const full = ownNamespace ? [...QUIET_UNSHARE, ...command] : command;
  const child = spawn(full[0]!, full.slice(1), { env: {}, detached: true, stdio });
  // Host pids, found from /proc: the chain (outer bwrap) and its child, the sandbox's reaper.
  const outer = () => (child.pid === undefined ? undefined : ownNamespace ? childrenOf(child.pid)[0] : child.pid);
  const reaper = () => {
    const pid = outer();
    return pid === undefined ? undefined : childrenOf(pid)[0];
  };
  let known: number | undefined;
  const initPid = new Promise<number | undefined>((resolve) => {
    const info = child.stdio[INFO_FD] as Readable | null;
    if (!info) return resolve(undefined);
    let text = '';
    info.setEncoding('utf8');
    // bwrap writes its info once its reaper runs; the pid in it is as bwrap's own pid namespace sees it.
    info.on('data', (chunk: string) => {
      text += chunk;
      try {
        JSON.parse(text);
      } catch {
        return; // not complete yet
      }
      info.destroy(); // the first document is all we need; the sandbox keeps no say on this pipe
      known = reaper();
      const chain = ownNamespace ? outer() : known;
      if (chain !== undefined) {
        watch(chain, true);
        child.once('close', () => watch(chain, false));
      }
      resolve(known);
    });
    info.on('error', () => resolve(known));
    info.on('close', () => resolve(known));
    child.on('close', () => resolve(known));
  });
  const signal = (name: NodeJS.Signals, group = false) => {
    if (name === 'SIGKILL') {
      // bwrap's reaper: its pid namespace ends at once, and bwrap reports that as 128 + 9, which reads as the
      // app's own SIGKILL (killing the chain instead makes `unshare` exit 1). Before the reaper is known, the
      // namespace's init; never `unshare` with it, whose death would orphan what the init's end has yet to
      // reap. Before the chain has forked, `unshare` alone (it takes its child).
      const init = known ?? reaper() ?? (ownNamespace ? outer() : undefined);
      if (init !== undefined) kill(init, 'SIGKILL');
      else if (child.pid !== undefined) kill(ownNamespace ? child.pid : -child.pid, 'SIGKILL');
      return;
    }
    // pid 1 of a namespace ignores signals it has no handler for: they go to the command it started.
    const init = known ?? reaper();
    const command = init === undefined ? undefined : childrenOf(init)[0];
    if (command === undefined) return;
    if (!group || !kill(-command, name)) kill(command, name);
  };
  const sandboxed = { child, signal, initPid };
  live.add(sandboxed);
  child.on('close', () => live.delete(sandboxed));
  return sandboxed;
}

// A process that exits (a CLI done, a server stopping, an uncaught error) takes its sandboxes with it. bwrap's
// --die-with-parent is not enough: the sandbox's pid 1 loses that setting when bwrap changes its credentials.
const live = new Set<SandboxedProcess>();
process.once('exit', () => {
  for (const sandboxed of live) sandboxed.signal('SIGKILL');
});

/**
 * For a process that cannot run its exit hook (SIGKILL, a container stop): a watchdog of its own, told each
 * sandbox's pid 1 and start time, that kills them when this process's end closes its stdin. The start time
 * keeps it from killing a process that reused a pid.
 */
const WATCHDOG = `
const { readFileSync } = require('node:fs');
const watched = new Map();
const start = (pid) => { try { return readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1].split(' ')[19]; } catch { return undefined; } };
let text = '';
process.stdin.setEncoding('utf8').on('data', (chunk) => {
  text += chunk;
  for (let end = text.indexOf('\\n'); end !== -1; end = text.indexOf('\\n')) {
    const [op, pid, ticks] = text.slice(0, end).split(' ');
    text = text.slice(end + 1);
    if (op === 'add') watched.set(pid, ticks); else watched.delete(pid);
  }
});
process.stdin.on('end', () => {
  for (const [pid, ticks] of watched) if (start(pid) === ticks) { try { process.kill(Number(pid), 'SIGKILL'); } catch {} }
});`;

let watchdog: ChildProcess | undefined;
function watch(pid: number, add: boolean): void {
  if (!watchdog) {
    watchdog = spawn(process.execPath, ['-e', WATCHDOG], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: {} });
    watchdog.on('error', () => {});
    watchdog.stdin?.on('error', () => {});
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }
  const ticks = add ? startTicks(pid) : '';
  if (add && ticks === undefined) return;
  watchdog.stdin?.write(`${add ? 'add' : 'del'} ${pid} ${ticks}\n`);
}

function startTicks(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19];
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function kill(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}
