import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkingCopy } from '../../../scripts/lib/working-copy.ts';
import { directLauncher, type Launcher } from '../../../src/grading/grader-process.ts';
import { UidPoolExhausted } from '../../../src/sandbox/uid-pool.ts';
import { createApiHandler, type ApiHandler } from '../../../src/server/api/index.ts';
import { createAppServer } from '../../../src/server/app-server.ts';
import { makeSite } from './start-server.ts';

/**
 * The sandbox cannot start a process: every uid slot is taken (UidPoolExhausted, what the bubblewrap launcher
 * throws then). Exhausting the real pool would take every other grader on the machine down with this test (the
 * slots are machine-wide), so the launcher here refuses while `exhausted` is set and starts processes
 * directly otherwise; the API and the HTTP server are the real ones. A grade is then an `error` that blames
 * the server, a Run ends with `failed` saying the same, and once the launcher works again the same server
 * grades the reference solution as a pass. (A failing temp folder: api-input.test.ts.)
 */
const solution = readWorkingCopy('exercises/config/solution');
let exhausted = true;
const launcher: Launcher = Object.assign((spec: Parameters<Launcher>[0]) => {
  if (exhausted) throw new UidPoolExhausted('more than 256 sandboxed runs at once');
  return directLauncher(spec);
});

describe('the API when the sandbox cannot start a process', () => {
  let server: Server;
  let api: ApiHandler;
  let url: string;
  beforeAll(async () => {
    api = createApiHandler({ basePath: '/', launcher });
    server = createAppServer({ siteDir: makeSite(), basePath: '/', api });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    api.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const post = (route: string) => fetch(`${url}/api/${route}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ exercise: 'config', files: solution }),
  });

  it('a grade is an error that blames the server, not the code', async () => {
    const response = await post('grade');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      exercise: 'config', status: 'error',
      message: 'Could not start the grader, a problem on the grading server, not in your code (more than 256 sandboxed runs at once). Try again in a moment.',
    });
  });

  it('a Run ends its stream with a failed event that blames the server', async () => {
    const response = await post('run');
    expect(response.status).toBe(200);
    const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toEqual([{
      type: 'end', reason: 'failed', code: null, signal: null,
      message: 'The course server could not run the app because of a problem on the server, not in your code. Try again in a moment.',
    }]);
  });

  it('once processes can start again, the same server grades the reference solution as a pass', async () => {
    exhausted = false;
    const response = await post('grade');
    expect(await response.json()).toMatchObject({ exercise: 'config', status: 'pass' });
  });
});
