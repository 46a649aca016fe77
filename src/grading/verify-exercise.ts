import path from 'node:path';
import { criteriaProblems } from './criteria-check.ts';
import { displayPath, ExerciseError, loadExercise, type Exercise } from './exercises.ts';
import type { GradeResult } from './grade-result.ts';
import type { Launcher } from './grader-process.ts';
import { gradeWorkingCopy } from './local-runner.ts';
import type { CaseFigures } from './verify-cases.ts';

/**
 * The checks behind `npm run verify` for one exercise: metadata valid and complete, starter fails, solution
 * passes, every test has a hint, at least MIN_TESTS tests, and the criteria name exactly the solution's tests
 * (criteria-check.ts). The case suite is verify-cases.ts's. The starter's run stops at its first failing check.
 * The first Node binary grades starter and solution; every further one (the machine's Node 20, which WebContainer also runs) grades the solution only: what must
 * hold there is that the tests pass, while a starter's bug (a hard-coded port, a missing SIGTERM handler) does
 * not depend on the Node version — and skipping it saves a quarter of verify's gradings.
 */

export const MIN_TESTS = 3;

export interface NodeBinary {
  path: string;
  /** e.g. "24.21.0" */
  version: string;
}

export interface VerifyOptions {
  exercisesDir: string;
  /** The first grades starter and solution; the others grade the solution only. */
  nodes: NodeBinary[];
  launcher?: Launcher;
  /** Runs one grading run when a slot is free (verify shares one limiter across exercises); default: at once. */
  limit?: <T>(task: () => Promise<T>) => Promise<T>;
}

export interface Verdict {
  id: string;
  problems: string[];
  /** Number of hidden tests (from the solution's run), when known. */
  testCount?: number;
  /** The exercise, when it loaded and has no TODO left: only then is there a case suite worth grading. */
  exercise?: Exercise;
  /** With --cases: how the case suite fared. */
  cases?: CaseFigures;
}

const major = (node: NodeBinary) => `Node ${node.version.split('.')[0]}`;

export async function verifyExercise(id: string, options: VerifyOptions): Promise<Verdict> {
  let exercise: Exercise;
  try {
    exercise = loadExercise(id, options.exercisesDir);
    const todo = todoFields(exercise.meta);
    if (todo.length > 0) {
      return { id, problems: [`incomplete — exercise.json still says TODO in ${todo.join(', ')}`] };
    }
  } catch (error) {
    return { id, problems: error instanceof ExerciseError ? error.problems : [String(error)] };
  }

  const limit = options.limit ?? ((task) => task());
  const runs = options.nodes.flatMap((node, index) =>
    (index === 0 ? (['starter', 'solution'] as const) : (['solution'] as const)).map(async (variant) => ({
      node,
      variant,
      result: await limit(() =>
        gradeWorkingCopy({
          exerciseId: id,
          dir: path.join(exercise.dir, variant),
          exercisesDir: options.exercisesDir,
          nodeBinary: node.path,
          launcher: options.launcher,
          acceptUndeclaredTests: true, // the criteria are checked below, with what differs named
          // Whether the starter fails is known at its first failing check; its tests' names and hints are
          // those of the solution's run.
          stopAtFirstFailure: variant === 'starter',
        }),
      ),
    })),
  );
  // The same problem under several Node versions is reported once: "… under Node 24 and Node 20 …".
  const nodesByProblem = new Map<string, string[]>();
  let solution: GradeResult | undefined;
  for (const { node, variant, result } of await Promise.all(runs)) {
    for (const problem of judge(variant, result, NODE)) {
      nodesByProblem.set(problem, [...(nodesByProblem.get(problem) ?? []), major(node)]);
    }
    if (variant === 'solution') solution ??= result;
  }
  const problems = [...nodesByProblem].map(([problem, nodes]) => problem.replace(NODE, [...new Set(nodes)].join(' and ')));
  // The test names come from this Node's run of the solution; a run that graded nothing names no tests.
  if (solution && solution.status !== 'error') {
    const file = displayPath(path.join(exercise.dir, 'exercise.json'));
    problems.push(...criteriaProblems(exercise.meta, solution.tests.map((test) => test.name), file));
  }
  return { id, problems, testCount: solution?.tests.length, exercise };
}

/** Stands for the Node version(s) in a problem until problems are merged across versions. */
const NODE = '\u0000node\u0000';

/** What is wrong with one grading run of the starter or the solution, in words an author can act on. */
export function judge(variant: 'starter' | 'solution', result: GradeResult, node: string): string[] {
  const problems: string[] = [];
  const count = result.tests.length;
  if (result.status === 'error') {
    return [`${variant} could not be graded under ${node}: ${result.message ?? 'unknown error'}`];
  }
  if (variant === 'starter') {
    // Graded with stopAtFirstFailure: it has reported every test only if it passed them all.
    return result.status === 'pass' ? [`starter passes all ${count} tests under ${node} — the starter must fail`] : [];
  }
  if (result.status !== 'pass') {
    const failing = result.tests.filter((test) => test.status !== 'pass');
    const first = failing[0];
    const detail = first ? `: "${first.name}": ${firstLine(first.message ?? first.status)}` : '';
    problems.push(`solution fails ${failing.length} of ${count} tests under ${node}${detail} — the solution must pass`);
  }
  if (count < MIN_TESTS) problems.push(`only ${count} test${count === 1 ? '' : 's'} — write at least ${MIN_TESTS}`);
  for (const test of result.tests) {
    if (!test.hint) problems.push(`test "${test.name}" has no hint — declare it with check(name, { hint }, fn)`);
    else if (/\bTODO\b/.test(test.hint)) problems.push(`incomplete — the hint of test "${test.name}" still says TODO`);
  }
  const names = result.tests.map((test) => test.name);
  const repeated = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  for (const name of repeated) problems.push(`two tests are named "${name}" — give each test its own name`);
  return problems;
}

function todoFields(meta: Record<string, unknown>): string[] {
  return Object.entries(meta)
    .filter(([, value]) => /\bTODO\b/.test(JSON.stringify(value)))
    .map(([key]) => key);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}
