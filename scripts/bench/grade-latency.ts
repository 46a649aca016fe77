/**
 * Grade latency per exercise through the API the workbench's Server sandbox uses: POST <base>api/grade with
 * the starter (must come back "fail") and the solution (must come back "pass"), one request at a time, so each
 * figure is one learner's wait, not a queue. Concurrency is scripts/bench/grade-load.ts's job.
 * It goes about it as the workbench and a learner do: GET api/health?exercise=<id> when the exercise opens, and
 * a pause between grades (a learner reads the verdict before pressing Run tests again), in which the server
 * readies its next grader. Back to back, every grade would also pay for that grader's start.
 */
import { readWorkingCopy } from '../lib/working-copy.ts';
import { listExerciseIds } from '../../src/grading/exercises.ts';
import { median, percentile, percentOf, table } from './stats.ts';

const BUDGET_MS = 1000;
const READING_MS = 1000; // far less than anyone takes to read a verdict and edit

async function grade(baseUrl: string, exercise: string, files: Record<string, string>): Promise<{ ms: number; status: string }> {
  const started = performance.now();
  const response = await fetch(new URL('api/grade', baseUrl), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ exercise, files }),
  });
  const body = await response.json() as { status?: string };
  return { ms: performance.now() - started, status: response.ok ? String(body.status) : `HTTP ${response.status}` };
}

const cell = (ms: number[]) => `${(median(ms) / 1000).toFixed(2)} / ${(percentile(ms, 95) / 1000).toFixed(2)}`;

export async function measureGrades(baseUrl: string, perKind: number): Promise<string> {
  const rows = [['exercise', 'starter s (median / p95)', 'solution s (median / p95)', 'verdicts']];
  const all: number[] = [];
  const wrong: string[] = [];
  for (const id of listExerciseIds()) {
    const copies = { starter: readWorkingCopy(`exercises/${id}/starter`), solution: readWorkingCopy(`exercises/${id}/solution`) };
    const ms = { starter: [] as number[], solution: [] as number[] };
    await fetch(new URL(`api/health?exercise=${id}`, baseUrl));
    for (let i = 0; i < perKind; i++) {
      for (const kind of ['starter', 'solution'] as const) {
        await new Promise((resolve) => setTimeout(resolve, READING_MS));
        const result = await grade(baseUrl, id, copies[kind]);
        ms[kind].push(result.ms);
        all.push(result.ms);
        const expected = kind === 'starter' ? 'fail' : 'pass';
        if (result.status !== expected) wrong.push(`${id} ${kind}: ${result.status}, expected ${expected}`);
      }
    }
    rows.push([id, cell(ms.starter), cell(ms.solution), wrong.some((w) => w.startsWith(`${id} `)) ? 'WRONG' : 'ok']);
  }
  return [
    `grade latency, POST api/grade on loopback, ${perKind} × starter + ${perKind} × solution per exercise, one at a time, ${READING_MS / 1000} s apart:`,
    table(rows),
    `  all ${all.length} grades: median ${(median(all) / 1000).toFixed(2)} s, p95 ${(percentile(all, 95) / 1000).toFixed(2)} s — median ${percentOf(median(all), BUDGET_MS)}`,
    ...wrong.map((w) => `  wrong verdict: ${w}`),
  ].join('\n');
}
