/** `npm run verify` wall time (DESIGN.md budget: ≤ 30 s on 2 cores), several runs, with its own summary line. */
import { spawnSync } from 'node:child_process';
import { median, percentOf, spread } from './stats.ts';

export const VERIFY_BUDGET_MS = 30_000;

export function measureVerify(runs: number): { report: string; ms: number[] } {
  const ms: number[] = [];
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['scripts/verify.ts'], { encoding: 'utf8' });
    ms.push(performance.now() - started);
    summary = /^\d+ passed, \d+ failed$/m.exec(result.stdout)?.[0] ?? `exit ${result.status}, no summary line`;
  }
  return { ms, report: `verify: ${spread(ms)} — ${percentOf(median(ms), VERIFY_BUDGET_MS)}; last run: ${summary}` };
}
