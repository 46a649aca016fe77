import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNotPassed, expectServerUnharmed, grade, gradeAs, optionInjection, removeServerDirs, skipReason,
  startHostileServer, stopServer, titled, withPayload, type HostileServer,
} from './hostile-support.ts';

/**
 * Issue 15: passes owed to something other than a fix — rewriting the kit's evidence, behaving only when a
 * grader is detected, and a file named like a Node option that runs code before any test (it forges a pass
 * to prove it ran). Secure outcome: not pass, the server unharmed.
 */
describe.skipIf(skipReason !== undefined)(titled('a submission cannot cheat its way to a pass'), () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer();
  });
  afterAll(async () => {
    if (!server) return;
    await stopServer(server);
    removeServerDirs(server);
  });

  it('a wrong port-binding fix fails when it leaves the kit\'s evidence alone (the control case)', async () => {
    const reply = await gradeAs(server, 'port-binding', withPayload('tamper-evidence.mjs', { scrub: false }, 'port-binding', 'solution'));
    expectNotPassed(reply);
    await expectServerUnharmed(server, [], 2);
  });

  it('the same wrong fix rewrites the kit\'s evidence files it can find', async () => {
    const reply = await gradeAs(server, 'port-binding', withPayload('tamper-evidence.mjs', {}, 'port-binding', 'solution'));
    expectNotPassed(reply);
    await expectServerUnharmed(server, [], 2);
  });

  it.each([
    ['its parent\'s command line, grader processes, its folder', 'processes'],
    ['the host name', 'hostname'],
  ])('behaves only when it detects the grader by %s', async (_how, by) => {
    const reply = await grade(server, withPayload('detect-grader.mjs', { by }, 'config', 'solution'));
    expectNotPassed(reply);
    await expectServerUnharmed(server, [], 2);
  });

  it.each(['--require', '--import'] as const)('a folder named "%s=." makes the syntax check load learner code', async (option) => {
    const reply = await grade(server, optionInjection(option));
    expectNotPassed(reply);
    await expectServerUnharmed(server, [], 2);
  });
});
