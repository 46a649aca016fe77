import { z } from 'zod';

/**
 * GradeResult — the contract in /work/shared/DESIGN.md ("Contracts"), modelled on Exercism's results.json v3.
 * The types are what every consumer (CLI, server, workbench) uses; the zod schema is what the runner uses to
 * refuse malformed harness output instead of passing it on.
 */

export type GradeStatus = 'pass' | 'fail' | 'error';

export interface TestResult {
  name: string;
  status: GradeStatus;
  /** What is wrong, in the learner's terms, e.g. "GET /health answered 500, expected 200". */
  message?: string;
  /** How to think about it, never the answer. */
  hint?: string;
  /** What the learner's code printed during the test, ≤ 500 characters, truncated with a notice. */
  output?: string;
}

export interface GradeResult {
  version: 1;
  exercise: string;
  status: GradeStatus;
  /** Required when status is "error": what went wrong, in the learner's terms. */
  message?: string;
  /** In file order; tests within a file in source order. */
  tests: TestResult[];
  durationMs: number;
}

export const OUTPUT_LIMIT = 500;

const status = z.enum(['pass', 'fail', 'error']);

export const testResultSchema = z.strictObject({
  name: z.string().describe('The test name as declared with check().'),
  status: status.describe('pass, fail, or error when the test could not run.'),
  message: z.string().optional().describe('What is wrong, in the learner\'s terms.'),
  hint: z.string().optional().describe('How to think about it, never the answer.'),
  output: z.string().max(OUTPUT_LIMIT).optional().describe('What the learner\'s code printed, ≤ 500 characters.'),
});

export const gradeResultSchema = z
  .strictObject({
    version: z.literal(1).describe('Format version.'),
    exercise: z.string().describe('Exercise id.'),
    status: status.describe('pass if every test passed, fail if any failed, error if nothing could be graded.'),
    message: z.string().optional().describe('Required when status is error.'),
    tests: z.array(testResultSchema).describe('In file order.'),
    durationMs: z.number().nonnegative().describe('Wall time of the grading run.'),
  })
  .refine((result) => result.status !== 'error' || (result.message ?? '').length > 0, {
    message: 'status "error" needs a message',
    path: ['message'],
  });

// Compile-time check that the schema and the hand-written contract types agree in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesContract: Same<z.infer<typeof gradeResultSchema>, GradeResult> = true;
void schemaMatchesContract;

/** Parses untrusted JSON text (e.g. harness stdout) into a GradeResult, or says in one line why it is not one. */
export function parseGradeResult(text: string): { ok: true; result: GradeResult } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'it was not JSON' };
  }
  const parsed = gradeResultSchema.safeParse(raw);
  if (parsed.success) return { ok: true, result: parsed.data };
  const first = parsed.error.issues[0];
  return { ok: false, reason: first ? `${first.path.join('.') || 'result'}: ${first.message}` : 'it did not match GradeResult' };
}

/** A result for when nothing could be graded. */
export function errorResult(exercise: string, message: string, durationMs = 0): GradeResult {
  return { version: 1, exercise, status: 'error', message, tests: [], durationMs };
}

/** Overall status from the tests: pass if all pass, fail if any fail or errored, error if there was nothing. */
export function overallStatus(tests: readonly TestResult[]): GradeStatus {
  if (tests.length === 0) return 'error';
  return tests.every((test) => test.status === 'pass') ? 'pass' : 'fail';
}
