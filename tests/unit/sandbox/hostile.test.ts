import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeWorkingCopy } from '../../../src/grading/local-runner.ts';
import { bubblewrapLauncher, sandboxProblem } from '../../../src/sandbox/bubblewrap.ts';
import { FIXTURES, REPO, tempDir } from '../grading/helpers.ts';

/**
 * Learner code that tries to break out. Each case must end as fail/error with a readable message, leave no
 * process and no work dir behind, and change nothing on the host. The app prints "BREACH" when it succeeds.
 */
const problem = sandboxProblem();
const asRoot = process.getuid?.() === 0;
const marker = path.join(REPO, `pwned-${process.pid}.txt`);

/** Clock ticks since boot (USER_HZ is 100 on Linux), the unit of a process's start time in /proc. */
function nowTicks(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 100;
}

/**
 * Live (not zombie) host processes owned by the given uids that started before `before`: as root every run
 * has its own uid, and once released another grader on this machine may take the same uid again.
 */
function processesOf(uids: Set<number>, before: number): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const [state, startTicks] = [fields[0], Number(fields[19])];
      return uids.has(statSync(`/proc/${p}`).uid) && state !== 'Z' && startTicks <= before;
    } catch {
      return false;
    }
  }).map(Number);
}

describe.skipIf(problem !== undefined)('the grading sandbox contains hostile submissions', () => {
  let hostListener: Server;
  let hostPort = 0;
  let tmpRoot: string;
  beforeAll(async () => {
    process.env.TFL_CANARY = `canary-${process.pid}`;
    tmpRoot = tempDir('hostile');
    chmodSync(tmpRoot, 0o711); // the sandboxed uid must be able to reach its run dir inside
    hostListener = createServer((socket) => socket.end('secret from the host\n'));
    await new Promise<void>((resolve) => hostListener.listen(0, '127.0.0.1', resolve));
    hostPort = (hostListener.address() as { port: number }).port;
  });
  afterAll(() => {
    hostListener.close();
    rmSync(tmpRoot, { recursive: true, force: true });
    rmSync(marker, { force: true });
  });

  const cases: [string, () => string, (output: string) => void][] = [
    ['reads /etc/passwd', () => `import { readFileSync } from 'node:fs';
      try { console.log(readFileSync('/etc/passwd', 'utf8').includes('root:') ? 'BREACH: root in passwd' : 'no root entry'); } catch (e) { console.log('denied', e.code); }`,
    (out) => expect(out).toMatch(/no root entry|denied/)],
    ['reads the server\'s own files', () => `import { readFileSync } from 'node:fs';
      import { readdirSync } from 'node:fs';
      for (const f of [${JSON.stringify(path.join(REPO, 'package.json'))}, '/root/.bashrc']) {
        try { readFileSync(f); console.log('BREACH: read ' + f); } catch (e) { console.log('denied', e.code); }
      }
      // The grading server's environment holds a canary; no process the sandbox can see may carry it.
      for (const pid of readdirSync('/proc').filter((p) => /^\\d+$/.test(p))) {
        try { if (readFileSync('/proc/' + pid + '/environ', 'utf8').includes('canary-${process.pid}')) console.log('BREACH: env of ' + pid); } catch {}
      }
      console.log('searched', readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).length, 'processes');`,
    (out) => {
      expect(out.match(/denied/g)).toHaveLength(2);
      expect(out).toMatch(/searched \d+ processes/);
    }],
    // The repository may itself live under /tmp, which inside is a private tmpfs: a write there can succeed
    // and still never reach the host, so the host file is what is checked. /usr and /etc must be read-only.
    ['writes outside its folder', () => `import { writeFileSync } from 'node:fs';
      try { writeFileSync(${JSON.stringify(marker)}, 'x'); console.log('wrote the marker inside'); } catch (e) { console.log('denied', e.code); }
      for (const f of ['/usr/pwned', '/etc/pwned']) {
        try { writeFileSync(f, 'x'); console.log('BREACH: wrote ' + f); } catch (e) { console.log('denied', e.code); }
      }`, (out) => {
      expect(out.match(/denied EROFS/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
      expect(existsSync(marker)).toBe(false);
    }],
    ['connects to a listener on the host\'s loopback', () => `import { connect } from 'node:net';
      const s = connect(${hostPort}, '127.0.0.1');
      s.on('data', (d) => { console.log('BREACH: ' + d); process.exit(0); });
      s.on('error', (e) => { console.log('refused', e.code); process.exit(0); });`, (out) => expect(out).toContain('refused')],
    ['connects to the course server\'s port', () => `import { connect } from 'node:net';
      const s = connect(4321, '127.0.0.1');
      s.on('connect', () => { console.log('BREACH: server port'); process.exit(0); });
      s.on('error', (e) => { console.log('refused', e.code); process.exit(0); });`, (out) => expect(out).toContain('refused')],
    ['runs a fork bomb', () => `import { spawn } from 'node:child_process';
      let n = 0;
      const again = () => { try { spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }).on('error', () => {}); n++; } catch {} setImmediate(again); };
      again();`, () => {}],
    ['allocates memory without end', () => `const keep = []; for (;;) keep.push(Buffer.alloc(64 * 1024 * 1024, 1));`, () => {}],
    ['spins in while (true)', () => `while (true) {}`, () => {}],
    ['prints 100 MB', () => `const line = 'x'.repeat(1024 * 1024) + '\\n'; for (let i = 0; i < 100; i++) process.stdout.write(line);`,
    (out) => {
      expect(out.length).toBeLessThanOrEqual(600);
      expect(out).toMatch(/truncated/);
    }],
    ['kills its parent', () => `process.kill(process.ppid, 'SIGKILL'); setInterval(() => {}, 1000);`, () => {}],
    ['leaves a process behind', () => `import { spawn } from 'node:child_process';
      spawn(process.execPath, ['-e', 'process.chdir("/"); setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }).unref();
      console.log('left a child running');`, (out) => expect(out).toContain('left a child running')],
  ];

  it.each(cases)('%s', async (name, code, extra) => {
    const uids = new Set<number>();
    const result = await gradeWorkingCopy({
      exerciseId: 'hostile',
      exercisesDir: FIXTURES,
      files: { 'package.json': '{ "type": "module" }', 'app.js': code() },
      launcher: bubblewrapLauncher(undefined, { onUid: (uid) => uids.add(uid) }),
      tmpRoot,
    });
    const finished = nowTicks();
    expect(['fail', 'error']).toContain(result.status);
    // As root the app runs in a pid namespace of its own: its parent is that sandbox's pid 1, never the harness,
    // so the run ends with the hidden test's own verdict. Without root the harness is the app's parent, and
    // killing it ends the run, which says why.
    if (name === 'kills its parent' && !asRoot) expect(result.message).toMatch(/^The grader was killed \(SIGKILL\) before it could report a result\./);
    else expect(result.tests, `the hidden test ran (${result.message ?? ''})`).toHaveLength(1);
    const test = result.tests[0];
    const message = result.message ?? test?.message ?? '';
    expect(message.length, 'a readable message').toBeGreaterThan(0);
    expect(message).not.toMatch(/at .*\.mjs:\d+/); // no harness stack frames
    const output = test?.output ?? '';
    expect(output).not.toContain('BREACH');
    extra(output);
    await new Promise((r) => setTimeout(r, 200));
    expect(processesOf(uids, finished), 'no sandboxed process survives the run').toEqual([]);
    expect(readdirSync(tmpRoot), 'no work dir is left behind').toEqual([]);
  });

  it('still grades normally after all that', async () => {
    const result = await gradeWorkingCopy({
      exerciseId: 'hostile', exercisesDir: FIXTURES, launcher: bubblewrapLauncher(), tmpRoot,
      files: { 'package.json': '{ "type": "module" }', 'app.js': readFileSync(path.join(FIXTURES, 'hostile/solution/app.js'), 'utf8') },
    });
    expect(result.message).toBeUndefined();
    expect(result.status).toBe('pass');
  });
});

describe('the sandbox on this machine', () => {
  // CI installs bubblewrap, so there a missing sandbox is a failure, not a reason to skip the suite above.
  it.runIf(process.env.CI === 'true')('is available in CI', () => {
    expect(problem).toBeUndefined();
  });

  it.runIf(problem !== undefined)('explains in one line why it is unavailable', () => {
    expect(problem!.split('\n')).toHaveLength(1);
  });
});
