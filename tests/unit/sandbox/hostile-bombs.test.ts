import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exerciseFiles, expectServerUnharmed, grade, marker, processesNamed, removeServerDirs, run, skipReason,
  startHostileServer, stopServer, titled, withPayload, type HostileServer,
} from './hostile-support.ts';

/**
 * Issue 15, "no whole-run limits": one Run may not take the host's memory, disk or process table. Each bomb
 * runs through POST /api/run (limited to 10 s here) while an honest solution is graded alongside (from another
 * client), which must still pass; the bombs are bounded by the sandbox's limits, not by this test (a payload
 * stops on its own only far beyond what a run should get, or when the run's time is up). Bounds asserted: the
 * run's processes held less than 1100 MB at any time (three children of today's per-process limit took
 * 2.2 GB; the limit planned for a whole run is 1 GB), and it wrote at most 256 MB (the planned default) to
 * its work dir and to its /tmp each, where the payload would go on to 384 MB.
 */
const MB = 1024 * 1024;

/**
 * Sum of the anonymous resident memory (what they allocated; not the Node binary's pages, which all of them
 * share) of the live processes whose argv holds `text`.
 */
function residentBytes(text: string): number {
  return processesNamed(text).reduce((sum, pid) => {
    try {
      const kb = /RssAnon:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return sum + Number(kb ?? 0) * 1024;
    } catch {
      return sum;
    }
  }, 0);
}

describe.skipIf(skipReason !== undefined)(titled('a run cannot exhaust the host'), () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer({ RUN_TIMEOUT_MS: '10000' });
  });
  afterAll(async () => {
    if (!server) return;
    await stopServer(server);
    removeServerDirs(server);
  });

  it('memory bomb: twenty-four children holding up to 640 MB each; the app exits after 7 s', async () => {
    const tag = marker('memory');
    const bomb = run(server, withPayload('memory-bomb.mjs', { children: 24, eachMb: 640, marker: tag, exitAfterMs: 7000 }), undefined, '127.0.0.2');
    let done = false;
    let peak = 0;
    void bomb.finally(() => { done = true; });
    const honest = grade(server, exerciseFiles('config', 'solution'), '127.0.0.3');
    while (!done) {
      peak = Math.max(peak, residentBytes(tag));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ran = await bomb;
    expect(ran.status).toBe(200);
    expect((await honest).result?.status, 'the honest solution graded alongside passes').toBe('pass');
    expect(peak / MB, 'the bomb went off').toBeGreaterThan(64);
    expect(peak / MB, `the run's children held ${Math.round(peak / MB)} MB at most (${ran.output.slice(-300)})`).toBeLessThan(1100);
    await expectServerUnharmed(server, [tag]);
  });

  it('disk bomb: 16 MB files into the work dir and /tmp, up to 384 MB each', async () => {
    const bomb = run(server, withPayload('disk-bomb.mjs', { capMb: 384 }), undefined, '127.0.0.2');
    const honest = grade(server, exerciseFiles('config', 'solution'), '127.0.0.3');
    const ran = await bomb;
    expect((await honest).result?.status, 'the honest solution graded alongside passes').toBe('pass');
    expect(ran.output, 'the bomb went off').toMatch(/work=|tmp=|ENOSPC|EFBIG|EDQUOT/);
    const wrote = (where: string) => Math.max(0, ...[...ran.output.matchAll(new RegExp(`${where}=(\\d+)MB`, 'g'))].map((m) => Number(m[1])));
    expect(wrote('work'), `MB written to the work dir (${ran.output.slice(-300)})`).toBeLessThanOrEqual(256);
    expect(wrote('tmp'), `MB written to /tmp (${ran.output.slice(-300)})`).toBeLessThanOrEqual(256);
    await expectServerUnharmed(server);
  });

  it('fork bomb: every process starts two more, for as long as it can; the app exits after 3 s', async () => {
    const tag = marker('fork');
    const bomb = run(server, withPayload('fork-bomb.mjs', { marker: tag, exitAfterMs: 3000 }), undefined, '127.0.0.2');
    const honest = grade(server, exerciseFiles('config', 'solution'), '127.0.0.3');
    const ran = await bomb;
    expect(ran.status).toBe(200);
    expect((await honest).result?.status, 'the honest solution graded alongside passes').toBe('pass');
    await expectServerUnharmed(server, [tag]);
  });
});
