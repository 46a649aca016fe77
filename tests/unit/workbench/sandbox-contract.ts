/**
 * The one contract every Sandbox implementation passes (run against WebContainer-on-a-fake and Server).
 * It grades the fixture exercise tests/unit/workbench/fixtures/exercises/wb-demo with the real harness.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTextFiles } from '../../../src/workbench/data/build-exercise-data.ts';
import type { Sandbox } from '../../../src/workbench/sandbox/sandbox.ts';
import type { FileMap } from '../../../src/workbench/types.ts';

export const FIXTURES = fileURLToPath(new URL('./fixtures/exercises/', import.meta.url));
// testMs > runMs: checks run side by side, so only a per-check limit longer than the whole run lets a runaway
// app (one that never listens) reach the whole-run timeout, which the runaway test below is about.
export const EXERCISE = { id: 'wb-demo', main: 'server.js', timeouts: { testMs: 6000, runMs: 5000 } };
export const starter = (): FileMap => readTextFiles(path.join(FIXTURES, 'wb-demo', 'starter'));
export const solution = (): FileMap => readTextFiles(path.join(FIXTURES, 'wb-demo', 'solution'));

export interface ContractSubject {
  sandbox: Sandbox;
  cleanup(): Promise<void>;
}

export function sandboxContract(name: string, make: () => Promise<ContractSubject>): void {
  describe(`Sandbox contract: ${name}`, () => {
    let subject: ContractSubject;
    beforeEach(async () => {
      subject = await make();
      await subject.sandbox.boot();
    });
    afterEach(async () => {
      await subject.sandbox.dispose();
      await subject.cleanup();
    });

    it('grades the starter as failing, test by test in file order, with messages and hints', async () => {
      await subject.sandbox.sync(starter());
      const result = await subject.sandbox.grade();
      expect(result.status).toBe('fail');
      expect(result.exercise).toBe('wb-demo');
      expect(result.tests.map((t) => t.name)).toEqual(['GET /health answers 200', 'greets by NAME']);
      expect(result.tests[0]).toMatchObject({ status: 'fail', message: 'GET /health answered 500, expected 200', hint: 'Which status code means all good?' });
      expect(result.tests[0]?.output).toContain('listening on');
    });

    it('grades what was synced last: the fixed files pass', async () => {
      await subject.sandbox.sync(starter());
      await subject.sandbox.sync(solution());
      const result = await subject.sandbox.grade();
      expect(result.status).toBe('pass');
      expect(result.tests.every((t) => t.status === 'pass')).toBe(true);
    });

    it('reports a syntax error as an error naming the file', async () => {
      await subject.sandbox.sync({ ...solution(), 'server.js': 'export const = ;' });
      const result = await subject.sandbox.grade();
      expect(result.status).toBe('error');
      expect(result.message).toMatch(/server\.js/);
    });

    it('removed files are gone from the working copy', async () => {
      await subject.sandbox.sync({ ...solution(), 'extra.js': 'throw new Error("should have been deleted")' });
      await subject.sandbox.sync(solution());
      const result = await subject.sandbox.grade();
      expect(result.status).toBe('pass'); // the harness syntax-checks every .js file, so extra.js would show up
    });

    it('runs the app, streams its output, and stops it on abort', async () => {
      await subject.sandbox.sync(solution());
      let output = '';
      const controller = new AbortController();
      const ended = subject.sandbox.run({
        onOutput: (text) => {
          output += text;
          if (output.includes('listening on')) controller.abort();
        },
        signal: controller.signal,
        env: { PORT: '0' },
      });
      const end = await ended;
      expect(output).toContain('listening on');
      expect(end.reason).toBe('stopped');
    });

    it('reports how an app that ends by itself exited', async () => {
      await subject.sandbox.sync({ ...solution(), 'server.js': 'console.log("bye"); process.exit(3);' });
      let output = '';
      const end = await subject.sandbox.run({ onOutput: (text) => (output += text) });
      expect(end).toMatchObject({ reason: 'exited', code: 3 });
      expect(output).toContain('bye');
    });

    it('passes the learner\'s environment to Run', async () => {
      await subject.sandbox.sync({ ...solution(), 'server.js': 'console.log(`name=${process.env.NAME}`);' });
      let output = '';
      await subject.sandbox.run({ onOutput: (text) => (output += text), env: { NAME: 'Grace' } });
      expect(output).toContain('name=Grace');
    });

    it('ends a runaway grade with a timeout error, and the next grade works', async () => {
      await subject.sandbox.sync({ ...starter(), 'server.js': 'while (true) {}' });
      const runaway = await subject.sandbox.grade();
      expect(runaway.status).toBe('error');
      expect(runaway.message).toMatch(/finish/);
      await subject.sandbox.sync(solution());
      const next = await subject.sandbox.grade();
      expect(next.status).toBe('pass');
    });
  });
}
