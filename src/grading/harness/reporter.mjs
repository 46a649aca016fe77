// A node:test reporter that turns each top-level test into one GradeResult test.
// The harness imports the test files itself (no --test), so this reporter, the kit and the tests share a
// process: the kit's record for a check (hint, learner-facing message, output) is read from memory instead of
// being smuggled through serialized errors, whose shape differs between Node versions. Results go straight to
// the harness (deliverResult); a test file run by hand with this reporter prints them as JSON lines.
import { claimRecord, deliverResult, failureMessage, seconds, truncate } from './kit-context.mjs';

const MESSAGE_LIMIT = 2000;

export default async function* gradingReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const result = toResult(event);
    if (result && !deliverResult(result)) yield `${JSON.stringify(result)}\n`;
  }
}

/**
 * One GradeResult test, or undefined for events that are not graded tests.
 * @returns {{ name: string, status: 'pass' | 'fail' | 'error', message?: string, hint?: string, output?: string } | undefined}
 */
export function toResult(event) {
  const data = event.data ?? {};
  const record = claimRecord(data.name);
  // Without a kit record only top-level plain tests count: suites and subtests are structure, not verdicts.
  if (!record && (data.nesting !== 0 || data.details?.type === 'suite' || data.skip || data.todo)) return undefined;
  /** @type {{ name: string, status: 'pass' | 'fail' | 'error', message?: string, hint?: string, output?: string }} */
  const result = { name: String(data.name), status: event.type === 'test:pass' ? 'pass' : 'fail' };
  if (event.type === 'test:fail') result.message = record?.message ?? messageOf(data.details?.error);
  // A hang or the grader's own failure gets no factor hint (kit.mjs sets the cause); the latter is no verdict.
  if (event.type === 'test:fail' && record?.cause === 'infrastructure') result.status = 'error';
  if (record && !(event.type === 'test:fail' && record.cause)) result.hint = record.hint;
  if (record?.output) result.output = record.output;
  return result;
}

/** node:test wraps what the test threw (ERR_TEST_FAILURE + cause); keep only the learner-relevant message. */
function messageOf(error) {
  if (!error) return 'failed';
  if (error.failureType === 'testTimeoutFailure') {
    const ms = Number(/(\d+)\s*ms/.exec(String(error.message))?.[1]);
    return Number.isFinite(ms) ? `did not finish in ${seconds(ms)}` : 'did not finish in time';
  }
  const cause = error.code === 'ERR_TEST_FAILURE' && error.cause ? error.cause : error;
  return truncate(failureMessage(cause), undefined, MESSAGE_LIMIT);
}
