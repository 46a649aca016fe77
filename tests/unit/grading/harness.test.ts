import { beforeAll, describe, expect, it } from 'vitest';
import { findOtherNode } from '../../../scripts/lib/other-node.ts';
import type { GradeResult, TestResult } from '../../../src/grading/grade-result.ts';
import { gradeWorkingCopy } from '../../../src/grading/local-runner.ts';
import { FIXTURES } from './helpers.ts';

// One grading run of the harness-demo fixture (passing, failing, timing-out tests, output, a grandchild
// process), shared by the assertions below; the same run under the machine's other Node checks parity.

const grade = (nodeBinary?: string) =>
  gradeWorkingCopy({ exerciseId: 'harness-demo', dir: `${FIXTURES}/harness-demo/starter`, exercisesDir: FIXTURES, nodeBinary });

const other = findOtherNode();
let result: GradeResult;
let otherResult: GradeResult | undefined;

beforeAll(async () => {
  [result, otherResult] = await Promise.all([grade(), other ? grade(other.path) : undefined]);
});

const byName = (name: string): TestResult => {
  const test = result.tests.find((candidate) => candidate.name === name);
  if (!test) throw new Error(`no test named ${name} in ${JSON.stringify(result)}`);
  return test;
};

describe('harness', () => {
  it('reports every test in file order, then source order', () => {
    expect(result.status).toBe('fail');
    expect(result.tests.map((test) => test.name)).toEqual([
      'GET /health answers 200',
      'GET /missing answers 200',
      'captures what the app printed',
      'the app sees only the variables the test sets',
      'a test that never ends',
      'long output is truncated',
      'starts an app that spawns a grandchild',
      'the grandchild was stopped with the app',
    ]);
    expect(result.tests.map((test) => test.status)).toEqual(['pass', 'fail', 'pass', 'pass', 'fail', 'fail', 'pass', 'pass']);
  });

  it('carries the hint of every test, passing or failing — but not of one that hung, which says nothing of the factor', () => {
    expect(byName('GET /health answers 200').hint).toBe('health hint');
    expect(byName('GET /missing answers 200').hint).toBe('missing hint');
    expect(byName('a test that never ends').hint).toBeUndefined();
    const others = result.tests.filter((test) => test.name !== 'a test that never ends');
    expect(others.every((test) => typeof test.hint === 'string' && test.hint.length > 0)).toBe(true);
  });

  it("uses the assertion's own message, without stack frames or assert noise", () => {
    expect(byName('GET /missing answers 200').message).toBe('GET /missing answered 404, expected 200');
    for (const test of result.tests) {
      expect(test.message ?? '').not.toMatch(/AssertionError|ERR_ASSERTION|\n\s+at |kit\.mjs|harness|node:internal/);
    }
  });

  it('fails a test that does not finish within timeouts.testMs, and goes on with the next', () => {
    expect(byName('a test that never ends').message).toMatch(/^did not finish in 3 s/);
    expect(byName('long output is truncated').status).toBe('fail');
  });

  it("captures the app's output per test", () => {
    expect(byName('captures what the app printed').output).toMatch(/^listening on \d+\nhello from the app\n$/);
    expect(byName('GET /missing answers 200').output).not.toContain('hello from the app');
  });

  it('truncates long output to 500 characters with a visible notice that counts the rest', () => {
    const output = byName('long output is truncated').output ?? '';
    expect(output.length).toBeLessThanOrEqual(500);
    const match = /\n…\[truncated, (\d+) more characters\]$/.exec(output);
    expect(match).not.toBeNull();
    const port = /^listening on (\d+)\n/.exec(output)?.[1] ?? '';
    const printed = `listening on ${port}\n`.length + 1234 + 'END\n'.length;
    const kept = output.length - (match?.[0].length ?? 0);
    expect(kept + Number(match?.[1])).toBe(printed);
  });

  it('starts apps with only PATH, HOME, PORT and what the test sets', () => {
    expect(byName('the app sees only the variables the test sets').status).toBe('pass');
  });

  it("stops an app's whole process group at the end of the test", () => {
    expect(byName('the grandchild was stopped with the app')).toMatchObject({ status: 'pass' });
  });

  it.skipIf(!other)(`gives the same verdicts under the machine's other Node (${other?.version ?? 'none'})`, () => {
    const comparable = (graded: GradeResult | undefined) =>
      graded?.tests.map(({ name, status, message, hint, output }) => ({
        name, status, message, hint, output: output?.replace(/\d+/g, '#'),
      }));
    expect(comparable(otherResult)).toEqual(comparable(result));
  });
});
