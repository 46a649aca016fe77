import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readWorkingCopy } from '../../../scripts/lib/working-copy.ts';
import { sandboxProblem } from '../../../src/sandbox/bubblewrap.ts';
import { makeSite, postJson, runEvents, startServer } from './start-server.ts';

/**
 * SIGTERM with work in flight on the real `npm start` server: every grade gets an answer (the server is
 * restarting, not the learner's fault), every Run a final `failed` event, and the process exits 0 within 10 s.
 * Before, a running grade was cut after 8 s with no answer at all.
 */
const sandboxed = sandboxProblem() === undefined;
const starter = readWorkingCopy('exercises/config/starter');
// Listens but never answers: each check waits for its request until the check's own time limit, so the grade
// holds its slot for several seconds without using the CPU (about 7 s on 2 idle cores).
const slow = { ...starter, 'server.js': 'import http from "node:http"; http.createServer(() => {}).listen(process.env.PORT);' };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('npm start on SIGTERM with grades and a Run in flight', () => {
  it('answers the running and the waiting grade as restarting, ends the Run with failed, and exits 0 within 10 s', async () => {
    const site = makeSite();
    // One slot, and two clients (TRUST_PROXY=1, one X-Forwarded-For each): learner A's grade runs, B's waits.
    const server = await startServer({
      SITE_DIR: site, GRADE_CONCURRENCY: '1', TRUST_PROXY: '1', ...(sandboxed ? {} : { GRADING_SANDBOX: 'unsafe-none' }),
    });
    try {
      const answered = (response: Promise<Response>) => response.then(async (r) => ({ status: r.status, body: await r.json(), at: Date.now() }));
      const running = answered(postJson(server, 'grade', { exercise: 'config', files: slow }, { 'X-Forwarded-For': '198.51.100.1' }));
      await wait(600);
      const waiting = answered(postJson(server, 'grade', { exercise: 'config', files: slow }, { 'X-Forwarded-For': '198.51.100.2' }));
      const run = postJson(server, 'run', { exercise: 'config', files: { ...starter, 'server.js': 'setInterval(() => {}, 1000);' } });
      await wait(1000); // A's grade is under way (its checks wait for answers that never come)
      const signalled = Date.now();
      server.child.kill('SIGTERM');

      const [a, b] = await Promise.all([running, waiting]);
      for (const { status, body } of [a, b]) {
        expect(status).toBe(200);
        expect(body).toMatchObject({ version: 1, exercise: 'config', status: 'error', message: expect.stringContaining('server is restarting') });
        expect(body.message).toContain('not a problem in your code');
      }
      expect(b.at - signalled, 'the waiting grade is answered at once').toBeLessThan(1500);
      expect(a.at - signalled, 'the running grade is answered within the grace').toBeLessThan(5000);
      const events = await runEvents(await run);
      expect(events.at(-1)).toMatchObject({ type: 'end', reason: 'failed', message: expect.stringContaining('restarting') });

      const { code } = await server.exited;
      expect(code).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(server.stdout()).toContain('"msg":"stopped"');
    } finally {
      server.child.kill('SIGKILL');
      rmSync(site, { recursive: true, force: true });
    }
  }, 30_000);

  it('a grade that finishes within the grace gets its own verdict', async () => {
    const site = makeSite();
    const server = await startServer({ SITE_DIR: site, ...(sandboxed ? {} : { GRADING_SANDBOX: 'unsafe-none' }) });
    try {
      // A syntax error: the harness stops at its syntax check, well within the grace even on a busy machine
      // (a whole grade of the starter took over 3 s there at a load average of 19).
      const grade = postJson(server, 'grade', { exercise: 'config', files: { ...starter, 'server.js': 'import http from "node:http";\nhttp.createServer((' } });
      await wait(150);
      server.child.kill('SIGTERM');
      const response = await grade;
      expect(response.status).toBe(200);
      const result = (await response.json()) as { status: string; message: string };
      expect(result).toMatchObject({ exercise: 'config', status: 'error', message: expect.stringContaining('server.js') });
      expect(result.message).not.toContain('restarting');
      expect((await server.exited).code).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
      rmSync(site, { recursive: true, force: true });
    }
  }, 30_000);
});
