/**
 * Site build time (DESIGN.md budget: ≤ 60 s): `astro build` into a folder of the bench's own, several times.
 * The last build stays there for the other measurements.
 */
import { spawnSync } from 'node:child_process';
import { median, percentOf, spread } from './stats.ts';

export const BUILD_BUDGET_MS = 60_000;

export function measureBuild(outDir: string, runs: number): { report: string; ms: number[] } {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', outDir], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`astro build failed:\n${(result.stdout + result.stderr).slice(-2000)}`);
    ms.push(performance.now() - started);
  }
  return { ms, report: `build: ${spread(ms)} — ${percentOf(median(ms), BUILD_BUDGET_MS)}` };
}
