import { describe, expect, it } from 'vitest';
import {
  call, exerciseFiles, expectNotPassed, expectServerUnharmed, grade, health, run, skipReason, titled, withOwnServer,
  withPayload, type Files, type HostileServer,
} from './hostile-support.ts';

/**
 * Issue 15, "server crash": payloads that made one request (or the clean-up after it) kill or freeze the whole
 * server. Working copies the server cannot write are refused with 400 naming the path; trees a run leaves
 * behind (a chain deeper than the server's open-file limit, tens of thousands of files) are removed without
 * crashing or blocking the event loop. Each case has a server of its own, since today each of them ends it;
 * the deep chain's server runs with 1024 open files, a common default, so the chain need not be huge.
 */
const clash: Files = { ...exerciseFiles('config', 'starter'), lib: 'a file', 'lib/util.js': 'export const x = 1;\n' };
const longName = `${'ü'.repeat(128)}.js`; // 131 characters, 259 bytes in UTF-8: over the file systems' 255
const tooLong: Files = { ...exerciseFiles('config', 'starter'), [longName]: 'export {};\n' };

async function post(server: HostileServer, route: 'grade' | 'run', files: Files) {
  return call(`${server.url}/api/${route}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ exercise: 'config', files }),
  });
}

describe.skipIf(skipReason !== undefined)(titled('no request and no run can crash or freeze the server'), () => {
  it('a file and a folder of one name, then a name over 255 bytes in UTF-8: 400 naming the path, on run and grade', () => withOwnServer(async (server) => {
    for (const [files, named] of [[clash, 'lib'], [tooLong, 'ü']] as const) {
      for (const route of ['run', 'grade'] as const) {
        const reply = await post(server, route, files);
        expect(await health(server), `the server still answers after ${route}`).toBe(200);
        expect(reply.status, `${route} answers 400 (${reply.text.slice(0, 200)})`).toBe(400);
        expect(reply.text, 'the error names the path').toContain(named);
      }
    }
    await expectServerUnharmed(server);
  }));

  it('a folder chain deeper than the server\'s open-file limit, left by a grade and by a run', () => withOwnServer(async (server) => {
    expectNotPassed(await grade(server, withPayload('deep-chain.mjs', { depth: 3000 })));
    await expectServerUnharmed(server);
    const ran = await run(server, withPayload('deep-chain.mjs', { depth: 3000, exit: true }));
    expect(ran.status).toBe(200);
    expect(ran.output).toMatch(/made chains 3000 and 3000 deep|stopped/);
    await expectServerUnharmed(server);
  }, {}, ['prlimit', '--nofile=1024:1024', '--']));

  it('fifty thousand files left by a run: removed without freezing the server', () => withOwnServer(async (server) => {
    const running = run(server, withPayload('many-files.mjs', { count: 50_000, exit: true }));
    let done = false;
    let slowest = 0;
    void running.finally(() => { done = true; });
    // Health every 100 ms while the run lasts and for a while after, when its folder is removed.
    const until = () => done;
    while (!until()) {
      const started = Date.now();
      await health(server);
      slowest = Math.max(slowest, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (let i = 0; i < 20; i++) {
      const started = Date.now();
      await health(server);
      slowest = Math.max(slowest, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ran = await running;
    const made = Math.max(0, ...[...ran.output.matchAll(/made (\d+) files/g)].map((m) => Number(m[1])));
    expect(made, `enough files were made to matter (${ran.status} ${ran.text.slice(-300)})`).toBeGreaterThanOrEqual(30_000);
    expect(slowest, `the slowest health answer while ${made} files were made and removed`).toBeLessThan(500);
    await expectServerUnharmed(server);
  }, { RUN_TIMEOUT_MS: '15000' }));
});
