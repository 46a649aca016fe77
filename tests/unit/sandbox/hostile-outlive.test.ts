import { describe, expect, it } from 'vitest';
import {
  expectNotPassed, expectServerUnharmed, grade, leftAfterStop, marker, processesNamed, processesUnder,
  removeServerDirs, run, skipReason, startHostileServer, stopServer, titled, withPayload,
} from './hostile-support.ts';

/**
 * Issue 15, "processes that try to outlive the run" and "leaks": a double fork into sessions of its own
 * (setsid), the grandchild moved to / and deaf to SIGTERM and SIGHUP. Checked from the host: no process of
 * the attack survives its grade or its Run, and when the server stops (SIGTERM, as a platform stops it) it
 * leaves no temp dir and no process behind.
 */
describe.skipIf(skipReason !== undefined)(titled('nothing a run starts outlives it'), () => {
  it('double fork + setsid, through a grade and through a Run; then the server stops clean', async () => {
    const server = await startHostileServer();
    try {
      const graded = marker('outlive-grade');
      expectNotPassed(await grade(server, withPayload('outlive.mjs', { marker: graded })));
      await expectServerUnharmed(server, [graded]);

      const ran = marker('outlive-run');
      const reply = await run(server, withPayload('outlive.mjs', { marker: ran, exit: true }));
      expect(reply.output).toContain('left a double-forked process behind');
      await expectServerUnharmed(server, [ran]);
    } finally {
      const exit = await stopServer(server);
      const left = leftAfterStop(server);
      const working = [...processesUnder(server.root).keys()];
      removeServerDirs(server);
      expect(exit, 'SIGTERM ends the server with exit code 0').toEqual({ code: 0, signal: null });
      expect(left, 'no temp dir is left when the server has stopped').toEqual([]);
      expect(working, 'no process works in the server\'s temp dir once it has stopped').toEqual([]);
      expect(processesNamed('hostile-outlive-'), 'no attack process survives the server').toEqual([]);
    }
  });
});
