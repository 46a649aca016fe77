import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNotPassed, expectServerUnharmed, fakePass, grade, removeServerDirs, skipReason, startHostileServer, stopServer,
  titled, withPayload, type HostileServer,
} from './hostile-support.ts';

/**
 * Issue 15, "forged pass": a submission that fixes nothing (the config starter) tries to make the server say
 * pass by reaching the grader that judges it — its stdout, its memory, its signals, its debugger ports. The
 * fake it prints names the exercise's real tests. Secure outcome: the verdict is not pass, and the server is
 * unharmed (it answers, nothing is left, an honest solution still passes).
 */
describe.skipIf(skipReason !== undefined)(titled('a submission cannot forge a pass by reaching the grader'), () => {
  let server: HostileServer;
  const fake = fakePass('config');
  beforeAll(async () => {
    server = await startHostileServer();
  });
  afterAll(async () => {
    if (!server) return;
    await stopServer(server);
    removeServerDirs(server);
  });

  it.each([
    ['prints a passing result to its own stdout and to /proc/<pid>/fd/1 of every process it sees', { fake, then: 'none' }],
    ['prints a passing result to every stdout, then SIGKILLs its parent', { fake, then: 'kill-parent' }],
    ['prints a passing result to every stdout, then kill(-1)', { fake, then: 'kill-all' }],
    ['prints a passing result to every stdout, then kills every pid it sees', { fake, then: 'kill-each' }],
    ['ends the grader early (SIGTERM to its parent)', { fake: '', then: 'term-parent' }],
  ])('%s', async (_name, params) => {
    const reply = await grade(server, withPayload('forge-stdout.mjs', params));
    expectNotPassed(reply);
    await expectServerUnharmed(server);
  });

  it.each([
    ['writes into the grader\'s memory through /proc/<pid>/mem', 'forge-memory.mjs'],
    ['duplicates the grader\'s stdout with pidfd_getfd (python3)', 'forge-pidfd.mjs'],
    ['attaches a debugger (gdb) to the grader', 'forge-gdb.mjs'],
    ['opens the grader\'s inspector (SIGUSR1, then 127.0.0.1:9229)', 'forge-inspector.mjs'],
  ])('%s', async (_name, payload) => {
    const reply = await grade(server, withPayload(payload, { fake }));
    expectNotPassed(reply);
    await expectServerUnharmed(server);
  });

  it('forges a result that names every declared test (today\'s runner believes it)', () => {
    expect(JSON.parse(fake).tests.length).toBeGreaterThanOrEqual(5);
  });
});
