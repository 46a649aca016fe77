import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directLauncher } from '../../../src/grading/grader-process.ts';
import { gradeWorkingCopy } from '../../../src/grading/local-runner.ts';
import { bubblewrapLauncher, sandboxProblem } from '../../../src/sandbox/bubblewrap.ts';
import { FIXTURES, tempDir } from '../grading/helpers.ts';

/**
 * The judge (harness, kit, hidden tests) and the judged (the learner's processes) apart, one guard per case:
 * each app below tries one thing and prints what it found; the hidden test of the `hostile` fixture shows that
 * output. As root only: that is when the learner's code gets a uid and a sandbox of its own.
 */
const asRoot = process.getuid?.() === 0;
const problem = sandboxProblem();

async function gradeApp(code: string) {
  const result = await gradeWorkingCopy({
    exerciseId: 'hostile',
    exercisesDir: FIXTURES,
    files: { 'package.json': '{ "type": "module" }', 'app.js': code },
    launcher: bubblewrapLauncher(),
  });
  return { result, output: result.tests[0]?.output ?? '' };
}

describe.skipIf(!asRoot || problem !== undefined)('the learner\'s code runs apart from the judge', () => {
  it('sees only its own sandbox: no harness among its processes, its parent a sandbox\'s pid 1, the hostname a Run\'s', async () => {
    const { output } = await gradeApp(`import { readFileSync, readdirSync } from 'node:fs';
      import os from 'node:os';
      const pids = readdirSync('/proc').filter((p) => /^\\d+$/.test(p));
      const lines = pids.map((p) => { try { return readFileSync('/proc/' + p + '/cmdline', 'utf8').replaceAll('\\0', ' '); } catch (e) { return e.code; } });
      console.log('pids', pids.join(','), 'ppid', process.ppid, 'host', os.hostname());
      console.log(lines.some((line) => /harness|judge|reporter/.test(line)) ? 'BREACH: sees the harness' : 'no harness');`);
    expect(output).toContain('no harness');
    expect(output).toMatch(/ppid 1 host app\b/);
    expect(output).toMatch(/pids 1,2\b/);
  });

  it('cannot forge a pass: a result written to every stdout it can reach and a kill of every pid change nothing', async () => {
    const forged = JSON.stringify({ version: 1, exercise: 'hostile', status: 'pass', tests: [{ name: 'the app stays inside the sandbox', status: 'pass' }], durationMs: 1 });
    const { result } = await gradeApp(`import { readdirSync, writeFileSync } from 'node:fs';
      const line = ${JSON.stringify(`${forged}\n`)};
      for (const pid of readdirSync('/proc').filter((p) => /^\\d+$/.test(p))) {
        try { writeFileSync('/proc/' + pid + '/fd/1', line); } catch {}
        try { process.kill(Number(pid), 'SIGKILL'); } catch {}
      }
      process.stdout.write(line);`);
    expect(result.status).toBe('fail');
    expect(result.tests).toHaveLength(1);
  });

  it('has no view of the judge, no host tools, and cannot write the kit\'s temp folder', async () => {
    // The app starts at /app; the run root's host path is still there to find (its mounts), as an attacker would.
    const { output } = await gradeApp(`import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
      import path from 'node:path';
      const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\\n').map((line) => line.split(' ')[4]);
      const runRoot = path.dirname(mounts.find((m) => m && m !== '/app' && m.endsWith('/app')) ?? '/nowhere/app');
      console.log(runRoot === '/nowhere' ? 'BREACH: no run root found' : 'run root found');
      const judge = path.join(runRoot, 'judge');
      console.log('judge', existsSync(judge) ? 'BREACH: ' + readdirSync(judge).join(',') : 'absent');
      console.log('tools', ['/bin/sh', '/usr/bin/perl', '/usr/bin/python3', '/usr/bin/gdb', '/usr/bin/gcc'].filter((f) => existsSync(f)).join(',') || 'none');
      const kitTemp = path.join(runRoot, 'tmp');
      try { writeFileSync(path.join(kitTemp, 'forged'), 'x'); console.log('BREACH: wrote the kit temp folder'); } catch (e) { console.log('kit temp', e.code); }
      console.log('contained');`);
    expect(output).toContain('run root found');
    expect(output).toContain('judge absent');
    expect(output).toContain('tools none');
    expect(output).toContain('kit temp EACCES');
    expect(output).not.toContain('BREACH');
  });
});

describe('learner file names are never node options', () => {
  let dir: string;
  let marker: string;
  beforeAll(() => {
    dir = tempDir('option-names');
    marker = path.join(dir, 'ran');
  });
  afterAll(() => {
    expect(readdirSync(dir).filter((name) => name !== 'work')).toEqual([]);
  });

  it('a file named --import=evil.mjs with a syntax error is checked, not imported', async () => {
    const work = path.join(dir, 'work');
    mkdirSync(work, { recursive: true });
    writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }');
    writeFileSync(path.join(work, 'app.js'), 'console.log("contained");');
    // What `--import=evil.mjs` would load: the package evil.mjs in node_modules.
    mkdirSync(path.join(work, 'node_modules/evil.mjs'), { recursive: true });
    writeFileSync(path.join(work, 'node_modules/evil.mjs/package.json'), '{ "type": "module", "main": "index.js" }');
    writeFileSync(path.join(work, 'node_modules/evil.mjs/index.js'), `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'x');`);
    writeFileSync(path.join(work, '--import=evil.mjs'), 'this is not JavaScript (');
    // The developer's launcher: with no sandbox in the way, only `--` keeps the name from being an option.
    const result = await gradeWorkingCopy({ exerciseId: 'hostile', exercisesDir: FIXTURES, dir: work, launcher: directLauncher });
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^--import=evil\.mjs line 1: SyntaxError/);
    expect(existsSync(marker)).toBe(false);
  });
});
