import { cpSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_EXERCISES_DIR, ExerciseError, loadExercise, type Exercise } from './exercises.ts';
import { errorResult, type GradeResult } from './grade-result.ts';
import { startGrader, type Grader, type Launcher } from './grader-process.ts';
import type { WarmGraders } from './warm-graders.ts';

/**
 * Grades a learner's working copy on this machine: a grader process (grader-process.ts: temp dir, hidden tests
 * and the harness under .grading/, `node ...HARNESS_ARGS`) gets the learner's files beside .grading/ (never
 * in it) and runs under a whole-run time limit. Always returns a GradeResult and always removes the temp dir.
 */

export interface GradeOptions {
  exerciseId: string;
  /** The learner's working copy as a folder… */
  dir?: string;
  /** …or as files: relative path → UTF-8 text. */
  files?: Record<string, string>;
  exercisesDir?: string;
  /** The Node binary that runs the harness, the tests and the learner's app (default: this process's). */
  nodeBinary?: string;
  launcher?: Launcher;
  /** Overrides the exercise's timeouts.runMs. */
  runMs?: number;
  /** Where temp dirs are created (default: the OS temp dir). */
  tmpRoot?: string;
  /**
   * End the run at the first failing check (the others fail as "not run"): enough to know that a starter
   * fails, for `npm run verify`, never for a learner's grade.
   */
  stopAtFirstFailure?: boolean;
  /**
   * Accept a pass whatever tests it names. By default a pass must name exactly the exercise's declared tests
   * (its criteria's); `npm run verify` checks the criteria itself and says what differs.
   */
  acceptUndeclaredTests?: boolean;
  /** Graders started ahead of time (the course server's): one is used if it is ready, and replaced after. */
  warm?: WarmGraders;
}

export async function gradeWorkingCopy(options: GradeOptions): Promise<GradeResult> {
  const id = options.exerciseId;
  let exercise: Exercise;
  try {
    exercise = loadExercise(id, options.exercisesDir ?? DEFAULT_EXERCISES_DIR);
  } catch (error) {
    const message = error instanceof ExerciseError ? error.problems.join('; ') : String(error);
    return errorResult(id, `Cannot grade exercise "${id}": ${message}`);
  }
  const started = Date.now();
  // Bad input is answered before a grader is started (or a spare used up) for nothing.
  const problem = learnerFilesProblem(options);
  if (problem) return errorResult(id, problem, Date.now() - started);
  let grader: Grader;
  try {
    grader = options.warm?.take(exercise) ?? startGrader(exercise, options);
  } catch (error) {
    // Disk full, no temp dir, every sandbox uid taken: the machine's trouble, said so, without its paths.
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message.replace(/\/[^\s'"]*/g, '…');
    return errorResult(id, `Could not start the grader, a problem on the grading server, not in your code (${reason}). Try again in a moment.`, Date.now() - started);
  }
  try {
    try {
      placeLearnerFiles(grader.work, options);
    } catch (error) {
      grader.discard(); // nobody will send it "go": end its process and remove its temp dir
      throw error;
    }
    const result = await grader.go(options.runMs ?? exercise.meta.timeouts.runMs);
    return { ...result, durationMs: Date.now() - started };
  } finally {
    options.warm?.refill(exercise);
  }
}

/** What is wrong with the working copy given, in words for the learner; undefined when it can be graded. */
function learnerFilesProblem(options: GradeOptions): string | undefined {
  if (options.files) {
    const base = path.resolve('/working-copy'); // where the files go does not change which paths stay inside it
    for (const rel of Object.keys(options.files)) {
      const target = path.resolve(base, rel);
      if (!target.startsWith(base + path.sep) || rel.includes('\0')) return `Unsafe file path "${rel}" — use paths inside the project.`;
    }
    return undefined;
  }
  if (options.dir) {
    return existsSync(options.dir) && statSync(options.dir).isDirectory() ? undefined : `No such folder: ${options.dir}`;
  }
  return 'Nothing to grade: pass a folder or files.';
}

/**
 * Copies the working copy (checked by learnerFilesProblem) in beside .grading/. Whatever the learner put at
 * .grading is left out: it must not shadow the hidden tests or the kit.
 */
function placeLearnerFiles(work: string, options: GradeOptions): void {
  if (options.files) {
    const grading = path.join(work, '.grading');
    for (const [rel, text] of Object.entries(options.files)) {
      const target = path.resolve(work, rel);
      if (target === grading || target.startsWith(grading + path.sep)) continue;
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  } else if (options.dir) {
    const source = path.resolve(options.dir);
    // Symlinks are copied as links, not followed: a link must not pull files from outside the working copy.
    cpSync(source, work, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (from) => from !== path.join(source, '.grading'),
    });
  }
}
