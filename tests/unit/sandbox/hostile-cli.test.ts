import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exerciseFiles, fakePass, marker, optionInjection, processesNamed, processesUnder, REPO, skipReason, titled,
  withPayload, type Files,
} from './hostile-support.ts';

/**
 * Issue 15 through the grading CLI (`npm run grade`, the runner instructors use for `regrade` as well) with
 * the bubblewrap sandbox, as root: a forged pass and option injection must not make it exit 0 (pass), and
 * when it has exited nothing of the run is left running or in its TMPDIR. An honest solution still passes.
 */
interface Graded { code: number | null; status?: string; stdout: string }

describe.skipIf(skipReason !== undefined)(titled('the grading CLI cannot be made to pass a submission that fixes nothing'), () => {
  let root: string;
  let copies: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'hostile-cli-tmp-'));
    chmodSync(root, 0o711); // a sandboxed run's own uid must reach its dir inside
    copies = mkdtempSync(path.join(tmpdir(), 'hostile-cli-copies-'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(copies, { recursive: true, force: true });
  });

  /** Writes the working copy to a folder and grades it with the CLI, TMPDIR pointing at `root`. */
  async function gradeWithCli(files: Files): Promise<Graded> {
    const dir = mkdtempSync(path.join(copies, 'copy-'));
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const child = spawn(process.execPath, [path.join(REPO, 'scripts/grade.ts'), 'config', dir, '--json'], {
      cwd: REPO, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: root }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    let status: string | undefined;
    try {
      status = JSON.parse(stdout).status;
    } catch {
      status = undefined;
    }
    return { code, status, stdout };
  }

  /** Nothing but empty folders in the CLI's TMPDIR, no process working there, none carrying `tag`. */
  async function expectNothingLeft(tag?: string): Promise<void> {
    for (let i = 0; i < 30 && (processesUnder(root).size > 0 || (tag && processesNamed(tag).length > 0)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect([...processesUnder(root).keys()], 'no process works in the CLI\'s TMPDIR').toEqual([]);
    if (tag) expect(processesNamed(tag), 'no process of the attack survives').toEqual([]);
    const left = readdirSync(root).filter((name) => {
      const full = path.join(root, name);
      return !(statSync(full).isDirectory() && readdirSync(full).length === 0);
    });
    expect(left, 'nothing is left in the CLI\'s TMPDIR').toEqual([]);
  }

  const expectNotPassed = (graded: Graded) => {
    expect(graded.code, `exit code 0 means pass (${graded.stdout.slice(0, 300)})`).not.toBe(0);
    expect(graded.status).not.toBe('pass');
    expect(graded.stdout).not.toContain('BREACH');
  };

  it('forged pass through the grader\'s inspector', async () => {
    expectNotPassed(await gradeWithCli(withPayload('forge-inspector.mjs', { fake: fakePass('config') })));
    await expectNothingLeft();
  });

  it('option injection: a folder named "--require=."', async () => {
    expectNotPassed(await gradeWithCli(optionInjection('--require')));
    await expectNothingLeft();
  });

  it('a double-forked process that tries to outlive the run', async () => {
    const tag = marker('cli-outlive');
    expectNotPassed(await gradeWithCli(withPayload('outlive.mjs', { marker: tag })));
    await expectNothingLeft(tag);
  });

  it('an honest solution still passes (exit code 0)', async () => {
    const graded = await gradeWithCli(exerciseFiles('config', 'solution'));
    expect(graded.status, graded.stdout.slice(0, 300)).toBe('pass');
    expect(graded.code).toBe(0);
    await expectNothingLeft();
  });
});
