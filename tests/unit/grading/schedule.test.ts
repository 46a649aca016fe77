import { beforeAll, describe, expect, it } from 'vitest';
import type { GradeResult } from '../../../src/grading/grade-result.ts';
import { gradeWorkingCopy } from '../../../src/grading/local-runner.ts';
import { FIXTURES } from './helpers.ts';

// The schedule-demo fixture's checks assert, from inside the grading run, how the kit ran them: side by side
// up to four, `serial` checks alone, runNode stopped as soon as the command listens, appCopy's private folder,
// the listen report. Each of them fails if the kit gets it wrong, so here every one of them must pass, reported
// in declaration order.

let result: GradeResult;

beforeAll(async () => {
  result = await gradeWorkingCopy({ exerciseId: 'schedule-demo', dir: `${FIXTURES}/schedule-demo/starter`, exercisesDir: FIXTURES });
});

describe('check scheduling', () => {
  it('reports the checks in declaration order, although they ran side by side', () => {
    expect(result.tests.map((test) => test.name)).toEqual([
      'a waits for b, which only works side by side',
      'b starts while a runs',
      'c is serial and runs alone',
      ...['d', 'e', 'f', 'g', 'h', 'i'].map((name) => `${name} starts after the serial check ended`),
      'never more than four at once',
      'runNode stops a command once it listens',
      'runNode reports a command that exits before it listens',
      'appCopy gives a check its own copy of the project',
      'the copy is removed when its check ends',
      'the listen report names the ports an app asks for and those it gets',
    ]);
  });

  it('runs checks side by side, serial checks alone, at most four at once', () => {
    const failed = result.tests.filter((test) => test.status !== 'pass').map((test) => `${test.name}: ${test.message}`);
    expect(failed).toEqual([]);
    expect(result.status).toBe('pass');
  });
});

describe('a run that stops at the first failure (npm run verify, for starters)', () => {
  let stopped: GradeResult;
  beforeAll(async () => {
    stopped = await gradeWorkingCopy({
      exerciseId: 'fail-fast-demo', dir: `${FIXTURES}/fail-fast-demo/starter`, exercisesDir: FIXTURES, stopAtFirstFailure: true,
    });
  });

  it('keeps the first failure and starts none of the checks after it', () => {
    const notRun = 'not run: an earlier check failed, and this run stops at the first failure';
    expect(stopped.status).toBe('fail');
    expect(stopped.tests.map((test) => [test.name, test.status, test.message])).toEqual([
      ['fails at once', 'fail', 'the first failure'],
      ...['would pass 1', 'would pass 2', 'would pass 3', 'queued 1', 'queued 2'].map((name) => [name, 'fail', notRun]),
    ]);
  });
});
