/**
 * Waits until Chromium has gone quiet: after the workbench opens, the browser keeps working for a while (Monaco,
 * xterm, layout; and the 7 MB TypeScript worker once the learner uses the editor). On loopback that competes for
 * the same two cores as the grader, which a deployed course does not do (the learner's browser runs on the
 * learner's machine), so the bench times Run tests both right after opening and once the browser is quiet.
 * Linux only (it reads /proc); elsewhere it returns at once.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { cpuMs } from './proc-cpu.ts';

const WINDOW_MS = 250;
const QUIET_CPU_MS = 25; // under 10% of one core in a window

/**
 * CPU milliseconds used so far by every process whose command line names the executable's file, or undefined.
 * By name, not path: Debian's /usr/bin/chromium is a script that starts /usr/lib/chromium/chromium.
 */
function browserCpuMs(executable: string): number | undefined {
  let pids: string[];
  try {
    pids = execFileSync('pgrep', ['-f', path.basename(executable)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return undefined;
  }
  return pids.reduce((sum, pid) => sum + (cpuMs(Number(pid)) ?? 0), 0); // a process gone meanwhile counts 0
}

/** Resolves once two windows in a row used under QUIET_CPU_MS, or after maxMs; returns how long it waited. */
export async function waitForQuietBrowser(executable: string, maxMs = 10_000): Promise<number> {
  const started = performance.now();
  const first = browserCpuMs(executable);
  if (first === undefined) return 0;
  let previous: number = first;
  let quiet = 0;
  while (quiet < 2 && performance.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const now: number = browserCpuMs(executable) ?? previous;
    quiet = now - previous < QUIET_CPU_MS ? quiet + 1 : 0;
    previous = now;
  }
  return performance.now() - started;
}
