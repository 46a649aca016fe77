// npm run regrade -- <submission.json ...> --csv <out.csv> [--no-sandbox]
// Re-runs the hidden tests on exported submissions and writes one CSV row per learner × exercise.
// Self-reported results are ignored for grading and only used to flag mismatches.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_EXERCISES_DIR, listExerciseIds } from '../src/grading/exercises.ts';
import { gradeWorkingCopy } from '../src/grading/local-runner.ts';
import { parseSubmission } from '../src/grading/submission.ts';
import { gradingLauncher, SandboxUnavailableError } from '../src/sandbox/index.ts';
import { createLimiter } from './lib/pool.ts';
import { toCsv } from './lib/csv.ts';

const USAGE = `Usage: npm run regrade -- <submission.json ...> --csv <out.csv> [--no-sandbox] [--exercises-dir <dir>]

Grades every exercise in every submission again, in the sandbox, and writes one CSV row per
learner × exercise. Malformed submissions are reported on stderr by file and skipped.
Exit codes: 0 all submissions read, 1 some were skipped, 2 bad arguments or no sandbox.`;

const COLUMNS = ['file', 'learner', 'course', 'exercise', 'status', 'passed', 'total', 'reported_status', 'mismatch', 'message'];

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      csv: { type: 'string' },
      'no-sandbox': { type: 'boolean', default: false },
      'exercises-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0 || !values.csv) {
    (values.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const exercisesDir = values['exercises-dir'] ?? DEFAULT_EXERCISES_DIR;
  const known = new Set(listExerciseIds(exercisesDir));
  let launcher;
  try {
    launcher = gradingLauncher({ sandbox: !values['no-sandbox'] });
  } catch (error) {
    if (!(error instanceof SandboxUnavailableError)) throw error;
    process.stderr.write(`regrade: ${error.message} — install it, or pass --no-sandbox for submissions you trust\n`);
    return 2;
  }

  const limit = createLimiter(Math.max(1, availableParallelism()));
  let skipped = 0;
  const jobs: Promise<Record<string, string | number>>[] = [];
  for (const file of positionals) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      process.stderr.write(`${file}: skipped — cannot read it (${(error as NodeJS.ErrnoException).code})\n`);
      skipped++;
      continue;
    }
    const parsed = parseSubmission(text);
    if (!parsed.ok) {
      process.stderr.write(`${file}: skipped — ${parsed.reason}\n`);
      skipped++;
      continue;
    }
    const { submission } = parsed;
    for (const [exercise, work] of Object.entries(submission.exercises)) {
      const row = { file: path.basename(file), learner: submission.learner ?? '', course: submission.courseId, exercise };
      if (!known.has(exercise)) {
        jobs.push(Promise.resolve({ ...row, status: 'error', passed: 0, total: 0, reported_status: work.result?.status ?? '', mismatch: '', message: `no exercise "${exercise}" in this course` }));
        continue;
      }
      jobs.push(limit(async () => {
        const result = await gradeWorkingCopy({ exerciseId: exercise, files: work.files, exercisesDir, launcher });
        const passed = result.tests.filter((t) => t.status === 'pass').length;
        const reported = work.result?.status ?? '';
        return {
          ...row,
          status: result.status,
          passed,
          total: result.tests.length,
          reported_status: reported,
          mismatch: reported === '' ? '' : reported === result.status ? 'no' : 'yes',
          message: result.message ?? '',
        };
      }));
    }
  }
  const rows = await Promise.all(jobs);
  writeFileSync(values.csv, toCsv(COLUMNS, rows));
  const mismatches = rows.filter((r) => r.mismatch === 'yes').length;
  process.stderr.write(`regrade: ${rows.length} row(s) written to ${values.csv}; ${mismatches} mismatch(es); ${skipped} file(s) skipped\n`);
  return skipped > 0 ? 1 : 0;
}

process.exitCode = await main();
