import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { RunCgroup } from './cgroups.ts';

/**
 * One bubblewrap sandbox started from the host, and how to stop it without leaving anything behind.
 * The command line is a chain of execs (sh joining the run's cgroup → nsenter → setpriv → prlimit → bwrap), so
 * the process spawned here is the outer bwrap; bwrap forks the sandbox's pid 1 (its reaper), which starts the
 * command. The outer bwrap reports that pid 1 on --info-fd. Killing pid 1 ends the whole pid namespace, and the
 * outer bwrap — this process's child, reaped by Node — collects it and exits: no process is orphaned to the
 * host's pid 1, which in a container is the server itself and would keep every one as a zombie.
 */
export const INFO_FD = 4;

export interface SandboxedProcess {
  child: ChildProcess;
  /** Signals the sandbox: SIGKILL ends all of it; other signals go to the command (group: its process group). */
  signal(signal: NodeJS.Signals, group?: boolean): void;
  /** The sandbox's pid 1 on the host, once bwrap has reported it. */
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
  const child = spawn(command[0]!, command.slice(1), { env: {}, detached: true, stdio });
  let known: number | undefined;
  const initPid = new Promise<number | undefined>((resolve) => {
    const info = child.stdio[INFO_FD] as Readable | null;
    if (!info) return resolve(undefined);
    let text = '';
    info.setEncoding('utf8');
    info.on('data', (chunk: string) => {
      text += chunk;
      try {
        const pid = Number(JSON.parse(text)['child-pid']);
        if (Number.isInteger(pid) && pid > 0) {
          known = pid;
          const ticks = startTicks(pid);
          watch(pid, true);
          // The outer bwrap exits as soon as the command has; its pid 1 may linger, waiting: end it with it.
          child.once('close', () => {
            if (ticks !== undefined && startTicks(pid) === ticks) kill(pid, 'SIGKILL');
            watch(pid, false);
          });
          resolve(pid);
          info.destroy(); // the first document is all we need; the sandbox keeps no say on this pipe
        }
      } catch {
        // not complete yet
      }
    });
    info.on('error', () => resolve(undefined));
    info.on('close', () => resolve(known));
    child.on('close', () => resolve(known));
  });
  const signal = (name: NodeJS.Signals, group = false) => {
    if (name === 'SIGKILL') {
      // Its pid 1, also when bwrap has not reported it yet; then the chain itself (bwrap may not have forked).
      const init = known ?? (child.pid === undefined ? undefined : childrenOf(child.pid)[0]);
      if (init !== undefined) kill(init, 'SIGKILL');
      else if (child.pid !== undefined) kill(-child.pid, 'SIGKILL');
      return;
    }
    // pid 1 of a namespace ignores signals it has no handler for: they go to the command it started.
    const command = known === undefined ? undefined : childrenOf(known)[0];
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
