import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { exerciseSchema, type ExerciseMeta } from './exercise-schema.ts';

/** The repository's exercises/ folder; CLIs and tests may point elsewhere (e.g. fixture exercises). */
export const DEFAULT_EXERCISES_DIR = fileURLToPath(new URL('../../exercises/', import.meta.url));

/** Exercise ids are folder names and URL slugs: lowercase words joined by single dashes. */
export const EXERCISE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface Exercise {
  id: string;
  /** Absolute path of exercises/<id>/. */
  dir: string;
  meta: ExerciseMeta;
  /** Hidden test files, relative to tests/, in the order they run. */
  testFiles: string[];
}

/** Thrown when an exercise cannot be used; every problem names the file, the field, what is wrong and the fix. */
export class ExerciseError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ExerciseError';
    this.problems = problems;
  }
}

/** Folders of exercisesDir that hold an exercise.json, sorted; names starting with `_` or `.` are drafts/tooling. */
export function listExerciseIds(exercisesDir: string = DEFAULT_EXERCISES_DIR): string[] {
  if (!existsSync(exercisesDir)) return [];
  return readdirSync(exercisesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !/^[_.]/.test(entry.name))
    .filter((entry) => existsSync(path.join(exercisesDir, entry.name, 'exercise.json')))
    .map((entry) => entry.name)
    .sort();
}

/** Test files run in file-name order (code-point order, so "02-x" runs before "10-x" and results are stable). */
export function listTestFiles(testsDir: string): string[] {
  if (!existsSync(testsDir)) return [];
  return readdirSync(testsDir)
    .filter((name) => name.endsWith('.test.mjs'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Loads and validates exercises/<id>/. Throws ExerciseError listing every problem at once, so an author fixes
 * them in one pass instead of one per run.
 */
export function loadExercise(id: string, exercisesDir: string = DEFAULT_EXERCISES_DIR): Exercise {
  const dir = path.resolve(exercisesDir, id);
  const shown = displayPath(dir);
  if (!EXERCISE_ID.test(id)) {
    throw new ExerciseError([`${shown}: "${id}" is not a valid exercise id — use lowercase words joined by dashes, e.g. config`]);
  }
  if (!existsSync(path.join(dir, 'exercise.json'))) {
    const known = listExerciseIds(exercisesDir);
    throw new ExerciseError([
      `${shown}/exercise.json: not found — unknown exercise "${id}"` +
        (known.length ? ` (known: ${known.join(', ')})` : '; create it with npm run new:exercise -- <id>'),
    ]);
  }
  const problems: string[] = [];
  const meta = parseMeta(path.join(dir, 'exercise.json'), problems);
  for (const folder of ['starter', 'solution', 'tests']) {
    const full = path.join(dir, folder);
    if (!existsSync(full) || !statSync(full).isDirectory()) {
      problems.push(`${shown}/${folder}/: missing — create the folder (see docs/authoring.md, "An exercise")`);
    }
  }
  const testFiles = listTestFiles(path.join(dir, 'tests'));
  if (existsSync(path.join(dir, 'tests')) && testFiles.length === 0) {
    problems.push(`${shown}/tests/: no *.test.mjs file — add at least one hidden test file, e.g. tests/${id}.test.mjs`);
  }
  if (meta && problems.length === 0) {
    if (!existsSync(path.join(dir, 'starter', meta.main))) {
      problems.push(`${shown}/exercise.json: main: "${meta.main}" does not exist in starter/ — name the file that starts the app`);
    }
  }
  if (problems.length > 0 || !meta) throw new ExerciseError(problems);
  return { id, dir, meta, testFiles };
}

function parseMeta(file: string, problems: string[]): ExerciseMeta | undefined {
  const shown = displayPath(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push(`${shown}: not valid JSON (${reason}) — fix the syntax; compare with the example in docs/authoring.md`);
    return undefined;
  }
  const result = exerciseSchema.safeParse(raw);
  if (result.success) return result.data;
  problems.push(...formatIssues(shown, result.error.issues));
  return undefined;
}

/** One line per field: `<file>: <field>: <what is wrong> — <how to fix>`; the first issue of a field wins. */
export function formatIssues(file: string, issues: readonly z.core.$ZodIssue[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const issue of issues) {
    const field = issue.path.reduce<string>(
      (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)),
      '',
    );
    if (seen.has(field)) continue;
    seen.add(field);
    lines.push(field ? `${file}: ${field}: ${issue.message}` : `${file}: ${issue.message}`);
  }
  return lines;
}

/** Paths in messages are relative to the current directory when that is shorter (exercises/config/…). */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/**
 * The hidden tests an exercise declares: every test name in its criteria, in criteria order, each once.
 * `npm run verify` checks that the solution's run reports exactly these names; a grader can reject a result that
 * names others (or misses some). Undefined when the exercise has no criteria (test fixtures, a fresh scaffold).
 */
export function declaredTestNames(exercise: Pick<Exercise, 'meta'>): string[] | undefined {
  const { criteria } = exercise.meta;
  if (!criteria) return undefined;
  return [...new Set(criteria.flatMap((criterion) => criterion.tests))];
}
