import { execFile } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraderCase } from '../../../src/grading/case-suite.ts';
import { loadExercise } from '../../../src/grading/exercises.ts';
import type { GradeResult } from '../../../src/grading/grade-result.ts';
import { judgeCase, verifyCases } from '../../../src/grading/verify-cases.ts';
import { FIXTURES, REPO, tempDir } from './helpers.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
/** A temp folder per test: the tests run at once, and one checks that its folder is left empty. */
const scratch = () => {
  made.push(tempDir('verify-cases'));
  return made.at(-1)!;
};
const options = () => ({ exercisesDir: FIXTURES, nodeBinary: process.execPath, tmpRoot: scratch() });

describe.concurrent('grading a case suite', () => {
  it('names a wrong fix that passed and an alt fix that failed, with the test that decided it', async () => {
    const { problems, figures } = await verifyCases(loadExercise('cases-broken', FIXTURES), options());
    expect(problems).toEqual([
      'case alt-says-43: expected pass, got fail — "answers 42 over HTTP": GET / answered 43, expected 42',
      'case wrong-really-right: expected fail, got pass — every test passed',
    ]);
    expect(figures).toEqual({ alt: 1, altAccepted: 0, wrong: 1, wrongRejected: 0, gradings: 2, gradingMs: expect.any(Number) });
  });

  it('grades a case three times when a timing-sensitive test could decide it, and leaves no working copy behind', async () => {
    const settings = options();
    const { problems, figures } = await verifyCases(loadExercise('cases-demo', FIXTURES), settings);
    expect(problems).toEqual([]);
    // The alt three times (every test, the timing-sensitive HTTP one too, could fail by chance); wrong-off-by-one
    // three times (the HTTP check rejects it); wrong-inlined-answer once (the module test rejects it, every time).
    expect(figures).toEqual({ alt: 1, altAccepted: 1, wrong: 2, wrongRejected: 2, gradings: 7, gradingMs: expect.any(Number) });
    expect(figures.gradingMs).toBeGreaterThan(0);
    expect(readdirSync(settings.tmpRoot)).toEqual([]);
  });
});

describe('the verdict of one case', () => {
  const alt: GraderCase = { name: 'alt-x', dir: '/nowhere', expect: 'pass', about: 'x', removes: [] };
  const wrong: GraderCase = { ...alt, name: 'wrong-x', expect: 'fail' };
  const result = (status: GradeResult['status'], extra: Partial<GradeResult> = {}): GradeResult => ({
    version: 1, exercise: 'x', status, tests: [], durationMs: 1, ...extra,
  });

  it('says which run of several went the wrong way, and what the grader said when it could not grade', () => {
    expect(judgeCase(wrong, result('pass'), 2, 3)).toBe('case wrong-x: expected fail, got pass on run 2 of 3 — every test passed');
    expect(judgeCase(alt, result('error', { message: 'did not finish in 20 s — is something waiting forever?\nmore' }))).toBe(
      'case alt-x: expected pass, got error — did not finish in 20 s — is something waiting forever?',
    );
  });

  it('counts a wrong fix that cannot be graded as rejected, and names the first failing test of an alt fix', () => {
    expect(judgeCase(wrong, result('error', { message: 'SyntaxError' }))).toBeUndefined();
    expect(judgeCase(alt, result('pass'))).toBeUndefined();
    const tests = [
      { name: 'first', status: 'pass' as const },
      { name: 'second', status: 'fail' as const, message: 'GET /x answered 500, expected 200\ndetails' },
      { name: 'third', status: 'fail' as const, message: 'not run' },
    ];
    expect(judgeCase(alt, result('fail', { tests }))).toBe('case alt-x: expected pass, got fail — "second": GET /x answered 500, expected 200');
  });
});

describe('npm run verify -- --cases', () => {
  it('grades the case suites in the sandbox, prints their figures and counts an exercise with a mismatch as failed', async () => {
    const { code, stdout } = await cli(['--cases', '--exercises-dir', FIXTURES, 'cases-demo', 'cases-broken']);
    const lines = stdout.trim().split('\n');
    expect(code).toBe(1);
    expect(lines.find((line) => line.startsWith('✓ cases-demo'))).toMatch(
      /^✓ cases-demo \(3 tests, cases: 1\/1 alt accepted, 2\/2 wrong rejected, 7 gradings of \d+\.\d s in all\)$/,
    );
    expect(lines.find((line) => line.startsWith('✗ cases-broken'))).toMatch(
      /^✗ cases-broken: 2 problems, cases: 0\/1 alt accepted, 0\/1 wrong rejected, 2 gradings of \d+\.\d s in all$/,
    );
    expect(lines).toContain('  - case wrong-really-right: expected fail, got pass — every test passed');
    expect(lines.at(-3)).toMatch(/^cases: 1\/2 correct accepted, 2\/3 wrong rejected \(9 gradings in \d+\.\d s\)$/);
    expect(lines.at(-2)).toMatch(/^\(\d+\.\d s, of which cases \d+\.\d s\)$/);
    expect(lines.at(-1)).toBe('1 passed, 1 failed');
  });

  it('fails an exercise whose criteria do not name exactly the solution\'s tests, each under one criterion', async () => {
    const dir = scratch();
    cpSync(path.join(FIXTURES, 'tiny-ok'), path.join(dir, 'mapped-badly'), { recursive: true });
    const file = path.join(dir, 'mapped-badly', 'exercise.json');
    const meta = JSON.parse(readFileSync(file, 'utf8'));
    meta.criteria = [
      { text: 'GET / answers 42.', tests: ['answers 42 over HTTP', 'answer.js exports 42'] },
      { text: 'answer.js exports 42.', tests: ['answer.js exports 42', 'answer.js exports forty-two'] },
    ];
    writeFileSync(file, JSON.stringify(meta));
    const { code, stdout } = await cli(['--exercises-dir', dir, 'mapped-badly'], dir);
    expect(code).toBe(1);
    expect(stdout.split('\n').filter((line) => line.startsWith('  - '))).toEqual([
      '  - test "answer.js exports 42" is listed under criteria[0] and criteria[1] in mapped-badly/exercise.json — list each test under exactly one criterion',
      '  - test "answer.js mentions 42" belongs to no criterion — add it to the "tests" of the criterion in mapped-badly/exercise.json whose sentence it checks (a test that checks nothing the brief says needs a sentence in the brief)',
      '  - mapped-badly/exercise.json: criteria[1] ("answer.js exports 42.") names test "answer.js exports forty-two", which the solution\'s run does not report — copy the name exactly as declared with check(), or remove it',
    ]);
  });
});

/** verify as npm runs it; messages name files relative to cwd (the repository unless told). */
async function cli(args: string[], cwd = REPO) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO, 'scripts/verify.ts'), ...args], { cwd });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}
