import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppServer, type Handler } from '../../../src/server/app-server.ts';
import { makeSite } from './start-server.ts';

/**
 * The top-level handler's last word on a request whose handler threw: a 500 while it still can, and after the
 * headers (or the whole response) went out, never a write to the ended response — which throws an error on the
 * response that nobody handles, and took the whole server down with every learner's grade in flight.
 */
const servers: ReturnType<typeof createAppServer>[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(api: Handler): Promise<string> {
  const server = createAppServer({ siteDir: makeSite(), basePath: '/', api });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a handler that throws', () => {
  it('before answering: 500', async () => {
    const url = await serve(() => { throw new Error('boom'); });
    expect((await fetch(`${url}/api/x`)).status).toBe(500);
  });

  it('after ending its response: the answer stands and the server keeps serving', async () => {
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      const url = await serve(async (_req, res) => {
        // As /api/run streams: headers first, the events later, then a failure in the clean-up after the end.
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        res.flushHeaders();
        await new Promise((resolve) => setTimeout(resolve, 10));
        res.end('{"type":"end"}\n');
        throw new Error('after the end');
      });
      const response = await fetch(`${url}/api/run`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('{"type":"end"}\n');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await fetch(`${url}/`)).status).toBe(200);
      expect(errors).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });

  it('after its headers, mid-stream: the stream is ended, not written to', async () => {
    const url = await serve(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      res.write('{"type":"start"}\n');
      throw new Error('mid-stream');
    });
    const response = await fetch(`${url}/api/run`);
    expect(await response.text()).toBe('{"type":"start"}\n');
  });
});
