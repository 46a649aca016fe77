// npm run verify [-- <id>...] [--exercises-dir <dir>]
// Checks every exercise (contract: /work/shared/DESIGN.md, "CLIs"); the last line is "N passed, N failed".
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_EXERCISES_DIR, listExerciseIds } from '../src/grading/exercises.ts';
import { verifyExercise, type NodeBinary, type Verdict } from '../src/grading/verify-exercise.ts';
import { findOtherNode } from './lib/other-node.ts';
import { createLimiter } from './lib/pool.ts';

const USAGE = `Usage: npm run verify [-- <exercise-id>... ] [--exercises-dir <dir>]

For every exercise (or the ones named): exercise.json is valid and has no TODO left, the starter fails,
the solution passes, every test has a hint and there are at least 3 tests. Runs under this Node, and grades
the solution again under the machine's preinstalled Node of another major version when PATH has one
(WebContainer runs Node 20).
Prints one line per exercise, then "N passed, N failed". Exit code 0 only if every exercise passes.`;

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        'exercises-dir': { type: 'string' },
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

  const versions = nodes.map((node) => `Node ${node.version}${node === current ? '' : ` (${node.path})`}`).join(' and ');
  const missing = other ? '' : ' (no other Node version on PATH: Node 20 parity not checked)';
  process.stdout.write(`verify: ${ids.length} exercise${ids.length === 1 ? '' : 's'} under ${versions}${missing}\n`);

  // Lines come out in id order, each as soon as it and every exercise before it are done.
  const verdicts: (Verdict | undefined)[] = ids.map(() => undefined);
  let printed = 0;
  const flush = () => {
    for (let verdict = verdicts[printed]; verdict; verdict = verdicts[printed]) {
      process.stdout.write(`${line(verdict)}\n`);
      printed += 1;
    }
  };
  const started = Date.now();
  // Exercises run in parallel; their grading runs share one queue with a slot per core, so timing-sensitive
  // tests are not starved by a machine running more processes than it has cores.
  const limit = createLimiter(availableParallelism());
  await Promise.all(
    ids.map(async (id, index) => {
      verdicts[index] = await verifyExercise(id, { exercisesDir, nodes, limit });
      flush();
    }),
  );

  if (ids.length === 0) process.stdout.write(`no exercises found in ${exercisesDir}\n`);
  const failed = verdicts.filter((verdict) => verdict && verdict.problems.length > 0).length;
  process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  process.stdout.write(`${ids.length - failed} passed, ${failed} failed\n`);
  return failed === 0 && ids.length > 0 ? 0 : 1;
}

function line(verdict: Verdict): string {
  if (verdict.problems.length === 0) return `✓ ${verdict.id} (${verdict.testCount ?? 0} tests)`;
  return `✗ ${verdict.id}: ${verdict.problems.join('; ')}`;
}

process.exitCode = await main();
