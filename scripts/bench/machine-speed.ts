/**
 * A yardstick for the machine's speed at the moment of a run: how long a bare `node -e 0` takes to start and
 * exit. Grading is mostly Node processes starting, so grade latency and verify time move with this figure when
 * the (shared) machine is busier or slower; printing it at the start and the end of the bench lets a reader
 * compare runs made at different times by their ratio to it.
 */
import { spawnSync } from 'node:child_process';
import { median } from './stats.ts';

export function nodeStartMs(samples = 15): number {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    ms.push(performance.now() - started);
  }
  return median(ms);
}
