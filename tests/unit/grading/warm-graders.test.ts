import { existsSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../../src/grading/exercises.ts';
import { gradeWorkingCopy } from '../../../src/grading/local-runner.ts';
import { createWarmGraders } from '../../../src/grading/warm-graders.ts';
import { emptied, FIXTURES, tempDir } from './helpers.ts';

// Spare graders: a harness started ahead of the learner's files, waiting for "go". A grade through one must be
// the grade a cold start gives, a spare must never be used for a changed exercise or after it died, and no temp
// dir or process may outlive the pool.

const tmpRoot = tempDir('warm');
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
const tinyOk = () => loadExercise('tiny-ok', FIXTURES);
const grade = (variant: 'starter' | 'solution', warm: ReturnType<typeof createWarmGraders>) =>
  gradeWorkingCopy({ exerciseId: 'tiny-ok', dir: `${FIXTURES}/tiny-ok/${variant}`, exercisesDir: FIXTURES, tmpRoot, warm });

describe('warm graders', () => {
  it('grade as a cold start does, and a new spare is ready after each grade', async () => {
    const warm = createWarmGraders({ tmpRoot });
    try {
      const cold = await grade('solution', warm); // no spare yet: started on the spot, a spare after
      const spare = warm.take(tinyOk());
      expect(spare?.alive).toBe(true);
      spare!.discard();

      warm.refill(tinyOk());
      const passing = await grade('solution', warm);
      warm.refill(tinyOk());
      const failing = await grade('starter', warm);
      expect(passing.message).toBeUndefined();
      expect(passing.status).toBe(cold.status);
      expect(passing.tests.map((test) => [test.name, test.status])).toEqual(cold.tests.map((test) => [test.name, test.status]));
      expect(passing.status).toBe('pass');
      expect(failing.status).toBe('fail');
      expect(failing.tests.map((test) => test.status)).toEqual(['fail', 'fail', 'fail']);
    } finally {
      warm.close();
    }
    expect(await emptied(tmpRoot), 'close() leaves no temp dir').toEqual([]);
  });

  it('never hands out a spare made from older hidden tests, or one whose process has died', async () => {
    const warm = createWarmGraders({ tmpRoot });
    try {
      warm.refill(tinyOk());
      const testFile = path.join(FIXTURES, 'tiny-ok/tests', readdirSync(path.join(FIXTURES, 'tiny-ok/tests'))[0]!);
      const now = new Date();
      utimesSync(testFile, now, new Date(now.getTime() + 2000)); // an author saved the test file
      expect(warm.take(tinyOk()), 'a spare with the old tests').toBeUndefined();

      warm.refill(tinyOk());
      const spare = warm.take(tinyOk())!;
      const work = spare.work;
      spare.discard();
      expect(spare.alive).toBe(false);
      expect(() => spare.go(1000)).toThrow(/grades once/);
      await emptied(tmpRoot);
      expect(existsSync(work)).toBe(false);
    } finally {
      warm.close();
    }
  });

  it('ends a spare nobody takes, and starts none once closed', async () => {
    const warm = createWarmGraders({ tmpRoot, idleMs: 100 });
    warm.refill(tinyOk());
    expect(readdirSync(tmpRoot)).toHaveLength(1);
    expect(await emptied(tmpRoot), 'the idle spare is gone').toEqual([]);
    expect(warm.take(tinyOk())).toBeUndefined();
    warm.close();
    warm.refill(tinyOk());
    expect(readdirSync(tmpRoot)).toEqual([]);
  });
});
