import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProblem } from '../../../src/sandbox/bubblewrap.ts';
import { makeSite, startServer, type RunningServer } from './start-server.ts';

/**
 * Hostile submissions sent to the real `npm start` server's grading API (tests/unit/sandbox/hostile.test.ts
 * covers the same attacks on the runner in depth). Each must come back graded fail/error with a message,
 * and the server must keep serving pages and grading afterwards.
 */
const problem = sandboxProblem();

describe.skipIf(problem !== undefined)('the course server under hostile submissions', () => {
  let site: string;
  let server: RunningServer;
  let port: number;
  beforeAll(async () => {
    site = makeSite();
    server = await startServer({ SITE_DIR: site, GRADE_RATE_PER_MINUTE: '1000', GRADE_RATE_BURST: '100' });
    port = Number(new URL(server.url).port);
  });
  afterAll(() => {
    server.child.kill('SIGKILL');
    rmSync(site, { recursive: true, force: true });
  });

  const grade = async (serverJs: string) => {
    const files = { 'package.json': '{ "type": "module" }', 'server.js': serverJs };
    const response = await fetch(`${server.url}/api/grade`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ exercise: 'config', files }),
    });
    return { status: response.status, result: (await response.json()) as { status: string; message?: string; tests: { status: string; message?: string; output?: string }[] } };
  };

  it.each([
    ['connects to the server\'s own port', () => `import { connect } from 'node:net';
      connect(${port}, '127.0.0.1').on('connect', () => console.log('BREACH: reached the server')).on('error', (e) => console.log('refused', e.code));`],
    ['reads /etc/passwd and the server\'s files', () => `import { readFileSync } from 'node:fs';
      for (const f of ['/etc/shadow', ${JSON.stringify(`${process.cwd()}/package.json`)}]) { try { readFileSync(f); console.log('BREACH: ' + f); } catch (e) { console.log('denied', e.code); } }`],
    ['runs a fork bomb', () => `import { spawn } from 'node:child_process';
      const again = () => { try { spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }).on('error', () => {}); } catch {} setImmediate(again); }; again();`],
    ['allocates memory without end', () => `const keep = []; for (;;) keep.push(Buffer.alloc(64 * 1024 * 1024, 1));`],
    ['spins in while (true)', () => `while (true) {}`],
  ])('%s: graded, not served', async (_name, code) => {
    const { status, result } = await grade(code());
    expect(status).toBe(200);
    expect(['fail', 'error']).toContain(result.status);
    const messages = [result.message, ...result.tests.map((t) => t.message)].filter(Boolean);
    expect(messages.length).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toContain('BREACH');
    const page = await fetch(`${server.url}/config/`);
    expect(page.status, 'the server keeps serving pages').toBe(200);
  });
});
