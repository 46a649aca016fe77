// npm run verify [-- <id>...] [--cases] [--exercises-dir <dir>]
// Checks every exercise (contract: DESIGN.md, "CLIs"); the last line is "N passed, N failed".
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_EXERCISES_DIR, listExerciseIds } from '../src/grading/exercises.ts';
import type { Launcher } from '../src/grading/grader-process.ts';
import { verifyCases, type CaseFigures } from '../src/grading/verify-cases.ts';
import { verifyExercise, type NodeBinary, type Verdict } from '../src/grading/verify-exercise.ts';
import { gradingLauncher, SandboxUnavailableError } from '../src/sandbox/index.ts';
import { findOtherNode } from './lib/other-node.ts';
import { createLimiter } from './lib/pool.ts';

const USAGE = `Usage: npm run verify [-- <exercise-id>... ] [--cases] [--exercises-dir <dir>]

For every exercise (or the ones named): exercise.json is valid and has no TODO left, the starter fails,
the solution passes, every test has a hint and there are at least 3 tests, and the criteria in exercise.json
name exactly the solution's tests, each test under one criterion. Runs under this Node, and grades the
solution again under the machine's preinstalled Node of another major version when PATH has one
(WebContainer runs Node 20).

--cases   also grade every case of exercises/<id>/cases/ in the grading sandbox, under this Node: every
          alt-* case must pass and every wrong-* case must fail (three times each where the criteria mark
          tests as timing-sensitive). Prints "cases: A/B correct accepted, W/X wrong rejected" and the time.

Prints one line per exercise, then "N passed, N failed". Exit code 0 only if every exercise passes.`;

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        'exercises-dir': { type: 'string' },
        cases: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`verify: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parse();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const exercisesDir = path.resolve(values['exercises-dir'] ?? DEFAULT_EXERCISES_DIR);
  const ids = positionals.length > 0 ? positionals : listExerciseIds(exercisesDir);
  const current: NodeBinary = { path: process.execPath, version: process.versions.node };
  const other = findOtherNode();
  const nodes = other ? [current, other] : [current];

  let caseLauncher: Launcher | undefined;
  if (values.cases) {
    // Wrong cases include cheats that write to $HOME, ../ or the temp folder: they run only where learners' code
    // runs, in the sandbox, which also makes their verdicts the course server's.
    try {
      caseLauncher = gradingLauncher({ sandbox: true, nodeBinary: current.path });
    } catch (error) {
      if (!(error instanceof SandboxUnavailableError)) throw error;
      process.stderr.write(`verify: --cases needs ${error.message} — install it (scripts/prerequisites.sh) and run again\n`);
      return 2;
    }
  }

  const versions = nodes.map((node) => `Node ${node.version}${node === current ? '' : ` (${node.path})`}`).join(' and ');
  const missing = other ? '' : ' (no other Node version on PATH: Node 20 parity not checked)';
  process.stdout.write(`verify: ${ids.length} exercise${ids.length === 1 ? '' : 's'} under ${versions}${missing}\n`);

  // Lines come out in id order, each as soon as it and every exercise before it are done.
  const verdicts: (Verdict | undefined)[] = ids.map(() => undefined);
  let printed = 0;
  const flush = () => {
    for (let verdict = verdicts[printed]; verdict; verdict = verdicts[printed]) {
      process.stdout.write(`${lines(verdict)}\n`);
      printed += 1;
    }
  };
  const started = Date.now();
  // Exercises run in parallel; their grading runs share one queue with a slot per core, so timing-sensitive
  // tests are not starved by a machine running more processes than it has cores.
  const limit = createLimiter(availableParallelism());
  let casesMs = 0;
  const totals: CaseFigures = { alt: 0, altAccepted: 0, wrong: 0, wrongRejected: 0, gradings: 0, gradingMs: 0 };
  if (!caseLauncher) {
    await Promise.all(
      ids.map(async (id, index) => {
        verdicts[index] = await verifyExercise(id, { exercisesDir, nodes, limit });
        flush();
      }),
    );
  } else {
    // The case suites start once every starter and solution is graded, so their time is a figure of its own.
    const usual = await Promise.all(ids.map((id) => verifyExercise(id, { exercisesDir, nodes, limit })));
    const casesStarted = Date.now();
    await Promise.all(
      usual.map(async (verdict, index) => {
        if (verdict.exercise) {
          const cases = await verifyCases(verdict.exercise, { exercisesDir, nodeBinary: current.path, launcher: caseLauncher, limit });
          for (const key of Object.keys(totals) as (keyof CaseFigures)[]) totals[key] += cases.figures[key];
          verdict.problems.push(...cases.problems);
          verdict.cases = cases.figures;
        }
        verdicts[index] = verdict;
        flush();
      }),
    );
    casesMs = Date.now() - casesStarted;
  }

  if (ids.length === 0) process.stdout.write(`no exercises found in ${exercisesDir}\n`);
  const failed = verdicts.filter((verdict) => verdict && verdict.problems.length > 0).length;
  if (caseLauncher) {
    process.stdout.write(
      `cases: ${totals.altAccepted}/${totals.alt} correct accepted, ${totals.wrongRejected}/${totals.wrong} wrong rejected ` +
        `(${totals.gradings} gradings in ${seconds(casesMs)})\n`,
    );
  }
  process.stdout.write(`(${seconds(Date.now() - started)}${caseLauncher ? `, of which cases ${seconds(casesMs)}` : ''})\n`);
  process.stdout.write(`${ids.length - failed} passed, ${failed} failed\n`);
  return failed === 0 && ids.length > 0 ? 0 : 1;
}

/** ✓ with the counts, or ✗ with the problem; several problems, or any with case figures, go one per line below. */
function lines(verdict: Verdict): string {
  const { cases } = verdict;
  const counts = cases
    ? `, cases: ${cases.altAccepted}/${cases.alt} alt accepted, ${cases.wrongRejected}/${cases.wrong} wrong rejected, ` +
      `${cases.gradings} gradings of ${seconds(cases.gradingMs)} in all`
    : '';
  if (verdict.problems.length === 0) return `✓ ${verdict.id} (${verdict.testCount ?? 0} tests${counts})`;
  if (verdict.problems.length === 1 && !cases) return `✗ ${verdict.id}: ${verdict.problems[0]}`;
  const problems = `${verdict.problems.length} problem${verdict.problems.length === 1 ? '' : 's'}`;
  return [`✗ ${verdict.id}: ${problems}${counts}`, ...verdict.problems.map((problem) => `  - ${problem}`)].join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

process.exitCode = await main();
