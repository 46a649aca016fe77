/**
 * CPU time of processes, read from /proc (Linux only; undefined elsewhere or when the process is gone).
 * utime and stime are a process's own; cutime and cstime add every child it has waited for, and theirs in turn,
 * which is how a finished `npm run verify` accounts for all the harnesses and apps it started.
 */
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // clock ticks are 1/100 s on Linux

export function cpuMs(pid: number | 'self', { waitedChildren = false } = {}): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    const children = waitedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
    return (own + children) * TICK_MS;
  } catch {
    return undefined;
  }
}
