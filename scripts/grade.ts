// npm run --silent grade -- <exercise-id> <dir> [--json]
// Grades a learner's working copy against an exercise's hidden tests (contract: /work/shared/DESIGN.md, "CLIs").
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatReport } from '../src/grading/format-report.ts';
import { errorResult, type GradeResult } from '../src/grading/grade-result.ts';
import { DEFAULT_EXERCISES_DIR, ExerciseError, loadExercise } from '../src/grading/exercises.ts';
import { gradeWorkingCopy } from '../src/grading/local-runner.ts';
import { gradingLauncher, SandboxUnavailableError } from '../src/sandbox/index.ts';

const USAGE = `Usage: npm run --silent grade -- <exercise-id> <dir> [--json]

Runs the hidden tests of exercises/<exercise-id>/ against the working copy in <dir>.

Options:
  --json                  print exactly one GradeResult JSON on stdout (and nothing else)
  --exercises-dir <dir>   where exercises live (default: exercises/)
  --node <path>           the Node binary that runs the tests and the app (default: this one)
  --no-sandbox            run the learner's code directly instead of inside bubblewrap
                          (only for code you trust: it can then read and change your files)
  -h, --help              show this help

Exit codes: 0 pass, 1 fail, 2 error or bad input.
Bad input (unknown exercise, missing folder, wrong arguments): with --json, stdout still carries one
GradeResult with status "error" and a message; without --json, a one-line error goes to stderr.`;

const EXIT = { pass: 0, fail: 1, error: 2 } as const;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'exercises-dir': { type: 'string' },
        node: { type: 'string' },
        sandbox: { type: 'boolean', default: true },
        'no-sandbox': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    const json = process.argv.includes('--json');
    return done(errorResult(process.argv[2] ?? '', `${(error as Error).message} — see --help`), json);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [exerciseId = '', dir] = positionals;
  if (!exerciseId || !dir || positionals.length > 2) {
    return done(errorResult(exerciseId, 'expected <exercise-id> <dir> — see --help'), values.json);
  }
  const exercisesDir = values['exercises-dir'] ?? DEFAULT_EXERCISES_DIR;
  let title: string;
  try {
    title = loadExercise(exerciseId, exercisesDir).meta.title;
  } catch (error) {
    const problems = error instanceof ExerciseError ? error.problems.join('; ') : String(error);
    return done(errorResult(exerciseId, `cannot grade "${exerciseId}": ${problems}`), values.json);
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return done(errorResult(exerciseId, `no such folder: ${dir}`), values.json);
  }
  let launcher;
  try {
    launcher = gradingLauncher({ sandbox: !values['no-sandbox'], nodeBinary: values.node });
  } catch (error) {
    if (!(error instanceof SandboxUnavailableError)) throw error;
    return done(errorResult(exerciseId, `${error.message} — install it, or pass --no-sandbox for code you trust`), values.json);
  }
  const result = await gradeWorkingCopy({ exerciseId, dir, exercisesDir, nodeBinary: values.node, launcher });
  return done(result, values.json, title);
}

/** Prints the result; bad input (no title: nothing was graded) goes to stderr as one line in human mode. */
function done(result: GradeResult, json: boolean, title?: string): number {
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (title === undefined) process.stderr.write(`grade: ${result.message ?? 'bad input'}\n`);
  else process.stdout.write(formatReport(result, title));
  return EXIT[result.status];
}

process.exitCode = await main();
