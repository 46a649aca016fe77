import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler } from '../../../src/server/api/index.ts';
import { buildGradingBundle } from '../../../src/workbench/data/build-exercise-data.ts';
import { ServerSandbox } from '../../../src/workbench/sandbox/server/server-sandbox.ts';
import { WebContainerSandbox } from '../../../src/workbench/sandbox/webcontainer/webcontainer-sandbox.ts';
import { FakeWebContainer } from './fake-webcontainer.ts';
import { EXERCISE, FIXTURES, sandboxContract } from './sandbox-contract.ts';

sandboxContract('WebContainer (typed fake of @webcontainer/api, real processes)', async () => {
  const fake = new FakeWebContainer({ killable: false });
  const sandbox = new WebContainerSandbox({
    boot: fake.boot,
    exercise: EXERCISE,
    loadGrading: async () => buildGradingBundle('wb-demo', FIXTURES),
    gradeSlackMs: 0,
    killGraceMs: 500,
  });
  return { sandbox, cleanup: async () => fake.teardownAll() };
});

sandboxContract('Server (real API handler over HTTP, local runner)', async () => {
  const api = createApiHandler({ basePath: '/', exercisesDir: FIXTURES, runLimitMs: 10_000 });
  const server: Server = createServer((req, res) => void api(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sandbox = new ServerSandbox({ apiBase: `http://127.0.0.1:${port}/api/`, exercise: EXERCISE });
  return {
    sandbox,
    cleanup: async () => {
      api.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
});
