import type { Exercise } from './exercises.ts';
import { errorResult, parseGradeResult, type GradeResult } from './grade-result.ts';

/**
 * The harness's last line, accepted only as `{ token, result }` with this run's token and, for a pass, exactly
 * the exercise's declared tests (the union of its criteria's tests, when it has criteria): anything else that
 * could print a line there cannot make it a pass.
 */
export function verdict(exercise: Exercise, text: string, token: string, anyTests: boolean): GradeResult {
  const id = exercise.id;
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    return errorResult(id, 'The grader returned a malformed result (it was not JSON).');
  }
  const wrapped = typeof envelope === 'object' && envelope !== null && 'token' in envelope && 'result' in envelope;
  const parsed = parseGradeResult(wrapped ? JSON.stringify((envelope as { result: unknown }).result) : text);
  if (!parsed.ok) return errorResult(id, `The grader returned a malformed result (${parsed.reason}).`);
  if (!wrapped || (envelope as { token: unknown }).token !== token) {
    return errorResult(id, 'The grader\'s result did not come from this run\'s grader, so it was not accepted.');
  }
  const result = parsed.result;
  const declared = anyTests ? undefined : declaredTests(exercise);
  if (result.status === 'pass' && declared) {
    const names = result.tests.map((test) => test.name);
    const unknown = names.filter((name) => !declared.has(name));
    const missing = [...declared].filter((name) => !names.includes(name));
    if (unknown.length > 0 || missing.length > 0 || new Set(names).size !== names.length) {
      // The tests stay in the result: an author (npm run verify) needs to see which names differ.
      const differs = [...missing.map((name) => `"${name}" is missing`), ...unknown.map((name) => `"${name}" is not declared`)];
      return { ...result, status: 'error', message: `The grader's result does not name exactly the exercise's tests (${differs.slice(0, 3).join('; ') || 'a test is named twice'}), so it was not accepted as a pass.` };
    }
  }
  return result;
}

/** The exercise's tests by name: the union of its criteria's tests, or undefined when it declares none. */
function declaredTests(exercise: Exercise): Set<string> | undefined {
  const criteria = (exercise.meta as { criteria?: readonly { tests: readonly string[] }[] }).criteria;
  return criteria ? new Set(criteria.flatMap((criterion) => criterion.tests)) : undefined;
}
