import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Launcher } from '../../../src/grading/grader-process.ts';
import { gradeWorkingCopy } from '../../../src/grading/local-runner.ts';
import { emptied, FIXTURES, processesIn, tempDir } from './helpers.ts';

const tmpRoot = tempDir('runner');
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

const tinyStarter = Object.fromEntries(
  readdirSync(`${FIXTURES}/tiny-ok/starter`).map((name) => [name, readFileSync(`${FIXTURES}/tiny-ok/starter/${name}`, 'utf8')]),
);

/** A learner file that would make every test pass if it were run instead of the hidden ones. */
const FAKE_TESTS = `import { check } from '../kit.mjs';
check('answers 42 over HTTP', { hint: 'x' }, () => {});
check('answer.js exports 42', { hint: 'x' }, () => {});
check('answer.js mentions 42', { hint: 'x' }, () => {});
`;
const FAKE_KIT = `import test from 'node:test';
export const check = (name, options, fn) => test(name, () => {});
export const startApp = async () => ({ fetch: async () => new Response('42') });
export const runNode = async () => ({ code: 0, stdout: '42\\n', stderr: '' });
export const readAppFile = () => '42';
`;

// Independent runs in separate temp dirs; mostly waiting on child processes, so they run side by side.
describe.concurrent('local runner', () => {
  it('ends a run that exceeds timeouts.runMs with an error, and leaves no process behind', async () => {
    const root = tempDir('runner-loop');
    const started = Date.now();
    const result = await gradeWorkingCopy({
      exerciseId: 'loop-forever', dir: `${FIXTURES}/loop-forever/starter`, exercisesDir: FIXTURES, tmpRoot: root,
    });
    expect(result).toMatchObject({ status: 'error', message: 'did not finish in 1.5 s — is something waiting forever?' });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(readdirSync(root)).toEqual([]); // the temp dir is gone
    // The busy app lived in its own process group; the runner still found and stopped it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processesIn(root)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  });

  it('stops the apps even when the test process itself is stuck and has to be SIGKILLed', async () => {
    const root = tempDir('runner-stuck');
    const result = await gradeWorkingCopy({
      exerciseId: 'stuck-test', dir: `${FIXTURES}/stuck-test/starter`, exercisesDir: FIXTURES, tmpRoot: root,
    });
    expect(result).toMatchObject({ status: 'error', message: 'did not finish in 1.5 s — is something waiting forever?' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processesIn(root)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  });

  it("reports a syntax error in the learner's code with the file and the line", async () => {
    const result = await gradeWorkingCopy({
      exerciseId: 'tiny-ok',
      exercisesDir: FIXTURES,
      tmpRoot,
      files: { ...tinyStarter, 'lib/util.js': 'export function f() {\n  return 1;\n}}\n' },
    });
    expect(result).toMatchObject({ status: 'error', message: "lib/util.js line 3: SyntaxError: Unexpected token '}'", tests: [] });
  });

  it('respects package.json "type" when checking syntax', async () => {
    // In a CommonJS package, `import` in a .js file is a syntax error; in a .mjs file it is fine.
    const result = await gradeWorkingCopy({
      exerciseId: 'tiny-ok',
      exercisesDir: FIXTURES,
      tmpRoot,
      files: { ...tinyStarter, 'package.json': '{ "type": "commonjs" }', 'tool.mjs': "import fs from 'node:fs';\n" },
    });
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^answer\.js line 1: SyntaxError: .*export/);
    expect(result.message).not.toContain('tool.mjs');
  });

  it('cannot be fooled by learner files at .grading/ (given as files)', async () => {
    const result = await gradeWorkingCopy({
      exerciseId: 'tiny-ok',
      exercisesDir: FIXTURES,
      tmpRoot,
      files: { ...tinyStarter, '.grading/tests/answer.test.mjs': FAKE_TESTS, '.grading/kit.mjs': FAKE_KIT },
    });
    expect(result.status).toBe('fail');
    expect(result.tests.map((test) => test.hint)).toEqual(['http hint', 'module hint', 'source hint']);
  });

  it('cannot be fooled by learner files at .grading/ (given as a folder)', async () => {
    const dir = tempDir('runner-shadow');
    cpSync(`${FIXTURES}/tiny-ok/starter`, dir, { recursive: true });
    mkdirSync(path.join(dir, '.grading/tests'), { recursive: true });
    writeFileSync(path.join(dir, '.grading/tests/x.test.mjs'), FAKE_TESTS);
    writeFileSync(path.join(dir, '.grading/kit.mjs'), FAKE_KIT);
    const result = await gradeWorkingCopy({ exerciseId: 'tiny-ok', exercisesDir: FIXTURES, tmpRoot, dir });
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe('fail');
    expect(result.tests.map((test) => test.name)).toEqual(['answers 42 over HTTP', 'answer.js exports 42', 'answer.js mentions 42']);
  });

  it('never lets a hidden test vanish: a file that cannot load or a process that dies becomes error tests', async () => {
    const exercises = tempDir('runner-broken-tests');
    cpSync(`${FIXTURES}/tiny-ok`, path.join(exercises, 'tiny-ok'), { recursive: true });
    writeFileSync(
      path.join(exercises, 'tiny-ok/tests/za-no-hint.test.mjs'),
      "import { check } from '../kit.mjs';\ncheck('no hint', {}, () => {});\n",
    );
    writeFileSync(
      path.join(exercises, 'tiny-ok/tests/zy-exits.test.mjs'),
      "import { check } from '../kit.mjs';\ncheck('runs', { hint: 'h' }, () => {});\n" +
        "check('exits', { hint: 'h' }, () => new Promise(() => setTimeout(() => process.exit(0), 200)));\n" +
        "check('never runs', { hint: 'h' }, () => {});\n",
    );
    writeFileSync(path.join(exercises, 'tiny-ok/tests/zz-after.test.mjs'), "import { check } from '../kit.mjs';\ncheck('later', { hint: 'h' }, () => {});\n");
    const result = await gradeWorkingCopy({ exerciseId: 'tiny-ok', dir: `${FIXTURES}/tiny-ok/solution`, exercisesDir: exercises, tmpRoot });
    rmSync(exercises, { recursive: true, force: true });
    // The solution passes its real tests, yet the run must not count as a pass.
    expect(result.status).toBe('fail');
    const stopped = 'the test process stopped early (exited with code 0)';
    expect(result.tests.slice(3)).toEqual([
      {
        name: 'tests/za-no-hint.test.mjs',
        status: 'error',
        message: 'This hidden test file could not run: TypeError: check("no hint"): every check needs a hint — check(name, { hint: \'…\' }, fn)',
      },
      { name: 'runs', status: 'pass', hint: 'h' },
      { name: 'exits', status: 'error', message: `no result: ${stopped}` },
      { name: 'never runs', status: 'error', message: `no result: ${stopped}` },
      { name: 'tests/zz-after.test.mjs', status: 'error', message: `not run: ${stopped}` },
    ]);
  });

  it('ends the run with its verdict when a hidden test\'s exit handler throws (node:test would swallow it and keep the process alive)', async () => {
    const exercises = tempDir('runner-exit-throws');
    cpSync(`${FIXTURES}/tiny-ok`, path.join(exercises, 'tiny-ok'), { recursive: true });
    const file = path.join(exercises, 'tiny-ok/exercise.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), timeouts: { testMs: 3000, runMs: 6000 } }));
    // Like a test that removes a folder of its own at exit, in which an app (another uid) made a folder it cannot remove.
    writeFileSync(
      path.join(exercises, 'tiny-ok/tests/answer.test.mjs'),
      `${readFileSync(`${FIXTURES}/tiny-ok/tests/answer.test.mjs`, 'utf8')}\nprocess.on('exit', () => { throw new Error('EACCES: permission denied'); });\n`,
    );
    const started = Date.now();
    const result = await gradeWorkingCopy({ exerciseId: 'tiny-ok', dir: `${FIXTURES}/tiny-ok/solution`, exercisesDir: exercises, tmpRoot });
    rmSync(exercises, { recursive: true, force: true });
    expect(result.message).toBeUndefined();
    expect(result.status).toBe('pass');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('grades the same when the harness is started by hand, without its flags (it starts itself again with them)', async () => {
    const byHand: Launcher = ({ cwd, env, stdin }) =>
      spawn(process.execPath, ['../judge/harness.mjs'], { cwd, env, detached: true, stdio: [stdin ?? 'ignore', 'pipe', 'pipe'] });
    const result = await gradeWorkingCopy({ exerciseId: 'tiny-ok', dir: `${FIXTURES}/tiny-ok/solution`, exercisesDir: FIXTURES, tmpRoot, launcher: byHand });
    expect(result.message).toBeUndefined();
    expect(result.status).toBe('pass');
    expect(result.tests.map((test) => test.name)).toEqual(['answers 42 over HTTP', 'answer.js exports 42', 'answer.js mentions 42']);
  });

  it('stops every app it started when process groups do nothing (as they may in WebContainer)', async () => {
    const killLog = path.join(tempDir('runner-no-groups'), 'group-kills');
    writeFileSync(killLog, '');
    const preload = new URL('../../fixtures/runtime-profiles/no-process-groups.mjs', import.meta.url).href;
    const noGroups: Launcher = ({ cwd, env, stdin }) => spawn(process.execPath, ['../judge/harness.mjs'], {
      cwd, env: { ...env, NODE_OPTIONS: `--import=${preload}`, KILL_LOG: killLog }, detached: true, stdio: [stdin ?? 'ignore', 'pipe', 'pipe'],
    });
    const result = await gradeWorkingCopy({ exerciseId: 'tiny-ok', dir: `${FIXTURES}/tiny-ok/solution`, exercisesDir: FIXTURES, tmpRoot, launcher: noGroups });
    expect(result.status).toBe('pass');
    const pids = readFileSync(killLog, 'utf8').split('\n').filter(Boolean).map(Number);
    expect(pids.length).toBeGreaterThan(0); // the kit did try its group kill, which did nothing
    const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    for (let tries = 0; tries < 20 && pids.some(alive); tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pids.filter(alive)).toEqual([]); // ...yet each app is gone: the kit killed the child itself too
    rmSync(path.dirname(killLog), { recursive: true, force: true });
  });

  it('bounds each syntax-check child: one that never gets going costs seconds, not the whole run', async () => {
    const dir = tempDir('runner-stalled-check');
    cpSync(`${FIXTURES}/tiny-ok/solution`, dir, { recursive: true });
    writeFileSync(path.join(dir, 'unused.js'), 'let = ;\n'); // a file the quick parse doubts, so `node --check` runs
    const preload = new URL('../../fixtures/runtime-profiles/stalled-check.mjs', import.meta.url).href;
    const stalling: Launcher = ({ cwd, env, stdin }) => spawn(process.execPath, ['../judge/harness.mjs'], {
      cwd, env: { ...env, NODE_OPTIONS: `--import=${preload}` }, detached: true, stdio: [stdin ?? 'ignore', 'pipe', 'pipe'],
    });
    const result = await gradeWorkingCopy({ exerciseId: 'tiny-ok', dir, exercisesDir: FIXTURES, tmpRoot, launcher: stalling });
    rmSync(dir, { recursive: true, force: true });
    // The stalled check gives no verdict on unused.js (node itself has the last word when a test runs a file);
    // the tests then run as usual, well inside the exercise's 15 s.
    expect(result.message).toBeUndefined();
    expect(result.status).toBe('pass');
    expect(result.durationMs).toBeLessThan(12_000);
  });

  it('refuses malformed harness output with a plain message', async () => {
    const printing = (script: string): Launcher => ({ cwd, env }) =>
      spawn(process.execPath, ['-e', script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const base = { exerciseId: 'tiny-ok', dir: `${FIXTURES}/tiny-ok/solution`, exercisesDir: FIXTURES, tmpRoot };
    await expect(gradeWorkingCopy({ ...base, launcher: printing('console.log("{ not json")') })).resolves.toMatchObject({
      status: 'error', message: 'The grader returned a malformed result (it was not JSON).',
    });
    const wrong = printing('console.log(JSON.stringify({ version: 1, exercise: "tiny-ok", status: "maybe", tests: [], durationMs: 1 }))');
    const result = await gradeWorkingCopy({ ...base, launcher: wrong });
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^The grader returned a malformed result \(status: .+\)\.$/);
    await expect(gradeWorkingCopy({ ...base, launcher: printing('process.exit(3)') })).resolves.toMatchObject({
      status: 'error', message: 'The grader stopped without a result (exit code 3).',
    });
  });

  it('accepts a verdict only from this run\'s harness: with its token, after a clean exit, naming the declared tests', async () => {
    const base = { exerciseId: 'tiny-ok', dir: `${FIXTURES}/tiny-ok/solution`, exercisesDir: FIXTURES, tmpRoot };
    const names = ['answers 42 over HTTP', 'answer.js exports 42', 'answer.js mentions 42'];
    const passing = (tests: string[]) => ({ version: 1, exercise: 'tiny-ok', status: 'pass', tests: tests.map((name) => ({ name, status: 'pass' })), durationMs: 1 });
    // A stand-in harness that reads "go <token>" like the real one and prints `line(token)`, then exits with `code`.
    const harness = (line: string, code = 0): Launcher => ({ cwd, env }) => spawn(process.execPath, ['-e', `
      let text = '';
      process.stdin.on('data', (d) => { text += d; }).on('end', () => {
        const token = text.trim().split(' ')[1];
        process.stdout.write(${line} + '\\n', () => process.exit(${code}));
      });`], { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const plain = JSON.stringify(JSON.stringify(passing(names)));
    await expect(gradeWorkingCopy({ ...base, launcher: harness(plain) })).resolves.toMatchObject({
      status: 'error', message: 'The grader\'s result did not come from this run\'s grader, so it was not accepted.',
    });
    const wrapped = (tests: string[]) => `JSON.stringify({ token, result: ${JSON.stringify(passing(tests))} })`;
    await expect(gradeWorkingCopy({ ...base, launcher: harness(wrapped(names), 3) })).resolves.toMatchObject({
      status: 'error', message: 'The grader stopped without a result (exit code 3).',
    });
    await expect(gradeWorkingCopy({ ...base, launcher: harness(wrapped(names)) })).resolves.toMatchObject({ status: 'pass' });
    // With criteria, a pass must name exactly their tests.
    const exercises = tempDir('runner-declared');
    cpSync(`${FIXTURES}/tiny-ok`, path.join(exercises, 'tiny-ok'), { recursive: true });
    const file = path.join(exercises, 'tiny-ok/exercise.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), criteria: [{ text: 'It answers.', tests: names }] }));
    const declared = { ...base, exercisesDir: exercises };
    await expect(gradeWorkingCopy({ ...declared, launcher: harness(wrapped(names)) })).resolves.toMatchObject({ status: 'pass' });
    const fewer = await gradeWorkingCopy({ ...declared, launcher: harness(wrapped(names.slice(1))) });
    expect(fewer.status).toBe('error');
    expect(fewer.message).toMatch(/does not name exactly the exercise's tests \("answers 42 over HTTP" is missing\)/);
    rmSync(exercises, { recursive: true, force: true });
  });

  it('refuses unsafe paths and unknown exercises with an error result', async () => {
    await expect(
      gradeWorkingCopy({ exerciseId: 'tiny-ok', exercisesDir: FIXTURES, tmpRoot, files: { '../escape.js': '' } }),
    ).resolves.toMatchObject({ status: 'error', message: 'Unsafe file path "../escape.js" — use paths inside the project.' });
    // Answered before any grader starts: nothing is made in the temp root.
    const untouched = tempDir('runner-bad-input');
    const bad = { exerciseId: 'tiny-ok', exercisesDir: FIXTURES, tmpRoot: untouched };
    await expect(gradeWorkingCopy({ ...bad, files: { '/etc/x.js': '' } })).resolves.toMatchObject({
      status: 'error', message: 'Unsafe file path "/etc/x.js" — use paths inside the project.',
    });
    await expect(gradeWorkingCopy({ ...bad, dir: path.join(untouched, 'missing') })).resolves.toMatchObject({
      status: 'error', message: `No such folder: ${path.join(untouched, 'missing')}`,
    });
    await expect(gradeWorkingCopy(bad)).resolves.toMatchObject({ status: 'error', message: 'Nothing to grade: pass a folder or files.' });
    expect(readdirSync(untouched)).toEqual([]);
    // Files that cannot be written (a file and a folder of one name) fail the call as before, and the grader
    // started for them is ended with its temp dir.
    await expect(gradeWorkingCopy({ ...bad, files: { a: 'x', 'a/b': 'y' } })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await emptied(untouched)).toEqual([]);
    rmSync(untouched, { recursive: true, force: true });
    const unknown = await gradeWorkingCopy({ exerciseId: 'nope', exercisesDir: FIXTURES, dir: tmpRoot });
    expect(unknown.status).toBe('error');
    expect(unknown.message).toContain('unknown exercise "nope"');
  });
});
