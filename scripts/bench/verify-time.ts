/**
 * `npm run verify` wall time (DESIGN.md budget: ≤ 40 s on 2 cores for starters and
 * solutions under both Node versions; the case suites are cases-time.ts's), several runs, with its own summary line, and
 * the CPU time verify and every process it started used: the work itself, which says how much of the wall time
 * is the machine's speed and how much is waiting (CPU-s ÷ (cores × wall s) near 100% means no idle core).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { cpuMs } from './proc-cpu.ts';
import { median, percentOf, spread } from './stats.ts';

export const VERIFY_BUDGET_MS = 40_000;

export function measureVerify(runs: number): { report: string; ms: number[] } {
  const ms: number[] = [];
  const cpu: number[] = [];
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const cpuBefore = cpuMs('self', { waitedChildren: true });
    const started = performance.now();
    const result = spawnSync(process.execPath, ['scripts/verify.ts'], { encoding: 'utf8' });
    ms.push(performance.now() - started);
    const cpuAfter = cpuMs('self', { waitedChildren: true });
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpu.push(cpuAfter - cpuBefore);
    summary = /^\d+ passed, \d+ failed$/m.exec(result.stdout)?.[0] ?? `exit ${result.status}, no summary line`;
  }
  const lines = [`verify: ${spread(ms)} — ${percentOf(median(ms), VERIFY_BUDGET_MS)}; last run: ${summary}`];
  if (cpu.length === ms.length) {
    const cores = availableParallelism();
    const busy = cpu.map((used, i) => used / (cores * ms[i]!));
    lines.push(
      `  CPU time of verify and every process it started: median ${(median(cpu) / 1000).toFixed(1)} CPU-s ` +
        `(min ${(Math.min(...cpu) / 1000).toFixed(1)}, max ${(Math.max(...cpu) / 1000).toFixed(1)}); ` +
        `the ${cores} cores were busy ${Math.round(median(busy) * 100)}% of the wall time (median)`,
    );
  }
  return { ms, report: lines.join('\n') };
}
