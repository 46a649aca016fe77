import { execFile } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, REPO, tempDir } from './helpers.ts';

const run = promisify(execFile);

/** Runs a CLI the way npm does (node scripts/<name>.ts); resolves with the exit code instead of throwing. */
async function cli(script: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(REPO, 'scripts', script), ...args], { cwd: REPO, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const scratch = tempDir('cli');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.concurrent('npm run verify', () => {
  it('fails and names the exercise when a starter passes or a solution fails', async () => {
    const { code, stdout } = await cli('verify.ts', ['--exercises-dir', FIXTURES, 'tiny-ok', 'starter-passes', 'solution-fails']);
    const lines = stdout.trim().split('\n');
    expect(code).toBe(1);
    expect(lines).toContain('✓ tiny-ok (3 tests)');
    expect(lines.find((line) => line.startsWith('✗ starter-passes: '))).toMatch(/starter passes all 3 tests under Node \d+.* — the starter must fail/);
    expect(lines.find((line) => line.startsWith('✗ solution-fails: '))).toMatch(
      /solution fails 3 of 3 tests under Node \d+.*: "answers 42 over HTTP": GET \/ answered 43, expected 42 — the solution must pass/,
    );
    expect(lines.at(-1)).toBe('1 passed, 2 failed');
  });
});

describe.concurrent('npm run new:exercise', () => {
  it('scaffolds an exercise that verify reports as incomplete, never as passing', async () => {
    const created = await cli('new-exercise.ts', ['rate-limits', '--exercises-dir', scratch]);
    expect(created.code).toBe(0);
    const meta = JSON.parse(readFileSync(path.join(scratch, 'rate-limits', 'exercise.json'), 'utf8'));
    expect(meta.main).toBe('server.js');
    const verified = await cli('verify.ts', ['--exercises-dir', scratch, 'rate-limits']);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('✗ rate-limits: incomplete — exercise.json still says TODO in title, brief, hints, criteria');
    expect(verified.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });

  it('refuses an existing id and an invalid id with a clear message', async () => {
    await cli('new-exercise.ts', ['taken', '--exercises-dir', scratch]);
    const again = await cli('new-exercise.ts', ['taken', '--exercises-dir', scratch]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('taken already exists — pick another id');
    const invalid = await cli('new-exercise.ts', ['Rate_Limits', '--exercises-dir', scratch]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('"Rate_Limits" is not a valid id — use lowercase words joined by dashes');
  });
});

describe.concurrent('npm run grade', () => {
  it('prints one GradeResult with --json, exits 1 on fail and leaves nothing in the temp folder', async () => {
    const tmp = tempDir('cli-tmp');
    chmodSync(tmp, 0o711); // as /tmp is for the sandbox's run uids: they must be able to pass through
    const { code, stdout } = await cli('grade.ts', ['tiny-ok', `${FIXTURES}/tiny-ok/starter`, '--json', '--exercises-dir', FIXTURES], { TMPDIR: tmp });
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ version: 1, exercise: 'tiny-ok', status: 'fail' });
    expect(result.tests).toHaveLength(3);
    // The working copy, the sandbox's /etc and the harness's results all go when the grade is done; the folder
    // of uid locks that grading processes share stays by design.
    expect(readdirSync(tmp).filter((name) => name !== 'twelve-factor-sandbox-uids')).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('answers bad input with exit code 2: a GradeResult with --json, one line on stderr without', async () => {
    const json = await cli('grade.ts', ['no-such-exercise', scratch, '--json', '--exercises-dir', FIXTURES]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'error', exercise: 'no-such-exercise', tests: [] });
    const human = await cli('grade.ts', ['tiny-ok', path.join(scratch, 'missing'), '--exercises-dir', FIXTURES]);
    expect(human.code).toBe(2);
    expect(human.stdout).toBe('');
    expect(human.stderr.trim().split('\n')).toHaveLength(1);
    expect(human.stderr).toContain('no such folder');
  });
});
