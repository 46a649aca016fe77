import { caseWorkingCopy, loadCaseSuite, type GraderCase } from './case-suite.ts';
import type { Exercise } from './exercises.ts';
import type { GradeResult } from './grade-result.ts';
import type { Launcher } from './grader-process.ts';
import { gradeWorkingCopy } from './local-runner.ts';

/**
 * `npm run verify -- --cases` for one exercise: grades every case of its suite (case-suite.ts) and says which
 * verdicts are not the expected ones. A wrong fix that is accepted teaches the wrong thing; a correct fix that is
 * rejected makes the learner stop trusting the course — both fail verify. Exercises whose criteria mark
 * timing-sensitive tests grade each case up to TIMING_RUNS times, and every run must give the expected verdict,
 * since a race that a wrong lock wins now and then is exactly what a single run misses. A wrong fix rejected by a
 * test outside those criteria was rejected deterministically, so it is not graded again: the repeats go where
 * chance can change the verdict (every alt, and the wrong fixes a timing-sensitive test decided).
 */

export const TIMING_RUNS = 3;

export interface CaseOptions {
  exercisesDir: string;
  /** Cases run under this machine's Node only: what must hold on Node 20 is checked with the solution. */
  nodeBinary: string;
  /** How the grader is started; verify passes the sandbox's, as the course server grades learners. */
  launcher?: Launcher;
  /** The per-core limiter verify shares with the starters' and solutions' runs; default: at once. */
  limit?: <T>(task: () => Promise<T>) => Promise<T>;
  /** Where case working copies are made (default: the OS temp dir). */
  tmpRoot?: string;
}

export interface CaseFigures {
  alt: number;
  altAccepted: number;
  wrong: number;
  wrongRejected: number;
  /** Grading runs made (cases × runs, less the runs skipped after a mismatch). */
  gradings: number;
  /** Their durations added up: what the suite costs, whatever else ran beside it. */
  gradingMs: number;
}

export interface CasesVerdict {
  problems: string[];
  figures: CaseFigures;
}

export async function verifyCases(exercise: Exercise, options: CaseOptions): Promise<CasesVerdict> {
  const suite = loadCaseSuite(exercise);
  const timingTests = new Set(
    (exercise.meta.criteria ?? []).filter((criterion) => criterion.timingSensitive).flatMap((criterion) => criterion.tests),
  );
  const runs = timingTests.size > 0 ? TIMING_RUNS : 1;
  const limit = options.limit ?? ((task) => task());
  const figures: CaseFigures = { alt: 0, altAccepted: 0, wrong: 0, wrongRejected: 0, gradings: 0, gradingMs: 0 };
  const mismatches = await Promise.all(
    suite.cases.map(async (graderCase) => {
      // Runs of one case go one after another: after a mismatch the others are not needed.
      for (let run = 1; run <= runs; run += 1) {
        const result = await limit(() => gradeCase(exercise, graderCase, options));
        figures.gradings += 1;
        figures.gradingMs += result.durationMs;
        const mismatch = judgeCase(graderCase, result, run, runs);
        if (mismatch) return { graderCase, mismatch };
        if (graderCase.expect === 'fail' && !decidedByChance(result, timingTests)) break;
      }
      return { graderCase, mismatch: undefined };
    }),
  );
  for (const { graderCase, mismatch } of mismatches) {
    if (graderCase.expect === 'pass') {
      figures.alt += 1;
      if (!mismatch) figures.altAccepted += 1;
    } else {
      figures.wrong += 1;
      if (!mismatch) figures.wrongRejected += 1;
    }
  }
  const problems = [...suite.problems, ...mismatches.flatMap(({ mismatch }) => (mismatch ? [mismatch] : []))];
  return { problems, figures };
}

/** Whether the test that rejected a fix (the first that did not pass) is one whose verdict a race or a window decides. */
function decidedByChance(result: GradeResult, timingTests: Set<string>): boolean {
  if (result.status === 'error') return true; // a whole-run timeout or a crash: not known to be deterministic
  const decider = result.tests.find((test) => test.status !== 'pass');
  return decider === undefined || timingTests.has(decider.name);
}

async function gradeCase(exercise: Exercise, graderCase: GraderCase, options: CaseOptions): Promise<GradeResult> {
  const copy = caseWorkingCopy(exercise, graderCase, options.tmpRoot);
  try {
    return await gradeWorkingCopy({
      exerciseId: exercise.id,
      dir: copy.dir,
      exercisesDir: options.exercisesDir,
      nodeBinary: options.nodeBinary,
      launcher: options.launcher,
      tmpRoot: options.tmpRoot,
      // The verdict is known at the first failing test, and that test is the one a mismatch names.
      stopAtFirstFailure: true,
    });
  } finally {
    copy.cleanup();
  }
}

/**
 * Undefined when the case got its expected verdict; otherwise one line naming the case, the expected and the
 * actual verdict, and what decided it: the first failing test and its message (or the grader's error) for an
 * alt-* case, "every test passed" for a wrong-* case. A wrong fix that cannot be graded (status "error") counts
 * as rejected: the learner is not told it passes.
 */
export function judgeCase(graderCase: GraderCase, result: GradeResult, run = 1, runs = 1): string | undefined {
  const accepted = result.status === 'pass';
  if (accepted === (graderCase.expect === 'pass')) return undefined;
  const at = runs > 1 ? ` on run ${run} of ${runs}` : '';
  const head = `case ${graderCase.name}: expected ${graderCase.expect}, got ${result.status}${at}`;
  if (accepted) return `${head} — every test passed`;
  if (result.status === 'error') return `${head} — ${firstLine(result.message ?? 'the grader gave no reason')}`;
  const decider = result.tests.find((test) => test.status !== 'pass');
  return decider ? `${head} — "${decider.name}": ${firstLine(decider.message ?? decider.status)}` : head;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
