import assert from 'node:assert/strict';
import { describe, expect, it } from 'vitest';
import { GradingError, addRecord, failureMessage, truncate } from '../../../src/grading/harness/kit-context.mjs';
import { toResult } from '../../../src/grading/harness/reporter.mjs';

const failure = (cause: unknown, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('wrapped'), { code: 'ERR_TEST_FAILURE', failureType: 'testCodeFailure', cause, ...extra });

function assertionError(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the assertion to fail');
}

describe('reporter', () => {
  it("merges the kit's record (hint, message, output) into the test's result", () => {
    addRecord({ name: 'with record', hint: 'think', message: 'it broke', output: 'printed\n', claimed: false });
    const event = { type: 'test:fail', data: { name: 'with record', nesting: 0, details: { error: failure(new Error('x')) } } };
    expect(toResult(event)).toEqual({ name: 'with record', status: 'fail', message: 'it broke', hint: 'think', output: 'printed\n' });
  });

  it('hands each record out once, so repeated names keep their own hints', () => {
    addRecord({ name: 'twice', hint: 'first', output: '', claimed: false });
    addRecord({ name: 'twice', hint: 'second', output: '', claimed: false });
    const event = { type: 'test:pass', data: { name: 'twice', nesting: 0, details: {} } };
    expect([toResult(event)?.hint, toResult(event)?.hint]).toEqual(['first', 'second']);
  });

  it('reports a plain node:test test without a hint (verify flags it) and skips suites and subtests', () => {
    const error = failure(assertionError(() => assert.equal(1, 2, 'one is not two')));
    expect(toResult({ type: 'test:fail', data: { name: 'plain', nesting: 0, details: { error } } })).toEqual({
      name: 'plain', status: 'fail', message: 'one is not two',
    });
    expect(toResult({ type: 'test:pass', data: { name: 'suite', nesting: 0, details: { type: 'suite' } } })).toBeUndefined();
    expect(toResult({ type: 'test:pass', data: { name: 'sub', nesting: 1, details: {} } })).toBeUndefined();
  });

  it('gives no factor hint for a hang, and reports a failure of the grader itself as an error, not a fail', () => {
    addRecord({ name: 'hung', hint: 'factor hint', message: 'did not finish in 5 s', output: '', claimed: false, cause: 'timeout' });
    addRecord({ name: 'no spawn', hint: 'factor hint', message: 'The grader could not start the app (EAGAIN)', output: '', claimed: false, cause: 'infrastructure' });
    const fail = (name: string) => ({ type: 'test:fail', data: { name, nesting: 0, details: { error: failure(new Error('x')) } } });
    expect(toResult(fail('hung'))).toEqual({ name: 'hung', status: 'fail', message: 'did not finish in 5 s' });
    expect(toResult(fail('no spawn'))).toEqual({ name: 'no spawn', status: 'error', message: 'The grader could not start the app (EAGAIN)' });
  });

  it("turns node:test's own timeout into a learner-facing message", () => {
    const error = Object.assign(new Error('test timed out after 7000ms'), { code: 'ERR_TEST_FAILURE', failureType: 'testTimeoutFailure' });
    expect(toResult({ type: 'test:fail', data: { name: 'slow', nesting: 0, details: { error } } })?.message).toBe('did not finish in 7 s');
  });
});

describe('failure messages', () => {
  it("keeps the author's message and drops the diff node:assert appends to it", () => {
    expect(failureMessage(assertionError(() => assert.equal(true, false, 'the app kept running')))).toBe('the app kept running');
    expect(failureMessage(assertionError(() => assert.deepEqual(['A'], [], 'unexpected files')))).toBe('unexpected files');
  });

  it('keeps a generated assertion message, the kit\'s messages, and names other errors', () => {
    expect(failureMessage(assertionError(() => assert.equal(1, 2)))).toContain('1 !== 2');
    expect(failureMessage(new GradingError('The app exited with code 1.'))).toBe('The app exited with code 1.');
    expect(failureMessage(new TypeError('body.items is undefined'))).toBe('TypeError: body.items is undefined');
  });
});

describe('truncate', () => {
  it('leaves short text alone', () => {
    expect(truncate('short')).toBe('short');
  });

  it('keeps the head and says how much is missing, within the limit', () => {
    const text = 'x'.repeat(1734);
    const cut = truncate(text);
    expect(cut.length).toBeLessThanOrEqual(500);
    const [, more] = /…\[truncated, (\d+) more characters\]$/.exec(cut) ?? [];
    expect(cut.indexOf('\n…') + Number(more)).toBe(1734);
  });
});
