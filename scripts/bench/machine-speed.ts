/**
 * Yardsticks for the machine's speed at the moment of a run. This machine is shared: within one hour the same
 * `npm run verify` took anywhere from 66 to 106 CPU-seconds. Two figures, printed at the start and the end of the
 * bench, let a reader compare runs made at different times by their ratio:
 * - a bare `node -e 0` (start and exit of one process). It follows part of the drift only: once it read 46 ms
 *   while verify was still a third slower than on a 45 ms morning.
 * - a grade of the tiny-ok test fixture (harness, one test file, one app; no sandbox): grading in miniature, both
 *   cores, the same work in every run of one version of the harness.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { gradeWorkingCopy } from '../../src/grading/local-runner.ts';
import { median } from './stats.ts';

const FIXTURES = path.resolve('tests/fixtures/exercises');

export function nodeStartMs(samples = 15): number {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    ms.push(performance.now() - started);
  }
  return median(ms);
}

export async function fixtureGradeMs(samples = 5): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const result = await gradeWorkingCopy({ exerciseId: 'tiny-ok', dir: path.join(FIXTURES, 'tiny-ok', 'solution'), exercisesDir: FIXTURES });
    if (result.status !== 'pass') throw new Error(`machine-speed: the tiny-ok fixture's solution graded ${result.status}: ${result.message ?? ''}`);
    ms.push(performance.now() - started);
  }
  return median(ms);
}

/** "a bare Node start takes 46 ms, a grade of the tiny-ok fixture 0.41 s (medians; scripts/bench/machine-speed.ts)" */
export async function machineSpeed(): Promise<string> {
  const start = nodeStartMs();
  const grade = await fixtureGradeMs();
  return `a bare Node start takes ${start.toFixed(0)} ms, a grade of the tiny-ok fixture ${(grade / 1000).toFixed(2)} s (medians; scripts/bench/machine-speed.ts)`;
}
