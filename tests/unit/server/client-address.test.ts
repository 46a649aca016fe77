import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, postJson, startServer, type RunningServer } from './start-server.ts';

/**
 * Who the client is, on the real server: the connection's address by default (X-Forwarded-For is anyone's to
 * write), the right-most address our own proxies did not add when TRUST_PROXY says how many there are. The rate
 * limit and the log line both use it. A request for an unknown exercise costs a rate-limit token and grades
 * nothing, so a burst of 1 shows whose bucket a request was counted in.
 */
let site: string | undefined;
let server: RunningServer | undefined;
async function start(env: Record<string, string>): Promise<RunningServer> {
  site = makeSite();
  server = await startServer({ SITE_DIR: site, GRADE_RATE_PER_MINUTE: '1', GRADE_RATE_BURST: '1', GRADING_SANDBOX: 'unsafe-none', ...env });
  return server;
}
afterEach(() => {
  server?.child.kill('SIGKILL');
  if (site) rmSync(site, { recursive: true, force: true });
  server = site = undefined;
});

const ask = async (s: RunningServer, forwardedFor?: string) =>
  (await postJson(s, 'grade', { exercise: 'no-such-exercise', files: {} }, forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {})).status;

async function loggedClients(s: RunningServer): Promise<unknown[]> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  return s.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === 'request' && entry.path === '/api/grade').map((entry) => entry.client);
}

describe('the client address', () => {
  it('without TRUST_PROXY: the connection, whatever X-Forwarded-For claims; the log says which', async () => {
    const s = await start({});
    expect(await ask(s, '203.0.113.1')).toBe(404);
    expect(await ask(s, '203.0.113.2'), 'a made-up header does not buy a fresh bucket').toBe(429);
    expect(await loggedClients(s)).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('behind one proxy (TRUST_PROXY=1): the right-most X-Forwarded-For entry, the one the proxy added', async () => {
    const s = await start({ TRUST_PROXY: '1' });
    expect(await ask(s, '203.0.113.1')).toBe(404);
    expect(await ask(s, '203.0.113.2'), 'another learner has a bucket of their own').toBe(404);
    expect(await ask(s, '198.51.100.9, 203.0.113.1'), 'entries the client wrote in front do not count').toBe(429);
    const response = await postJson(s, 'grade', { exercise: 'x', files: {} }, { 'X-Forwarded-For': '203.0.113.2' });
    expect(response.status).toBe(429);
    expect(((await response.json()) as { error: string }).error).toMatch(/^too many grade and run requests from your network address; try again in \d+ s$/);
    expect(await loggedClients(s)).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.1', '203.0.113.2']);
  });

  it('an IPv6 client counts by its /64 network (it may use any address in it); the log keeps the address', async () => {
    const s = await start({ TRUST_PROXY: '1' });
    expect(await ask(s, '2001:db8:1:2::1')).toBe(404);
    expect(await ask(s, '2001:db8:1:2:ffff:ffff:ffff:fffe'), 'another address of the same /64').toBe(429);
    expect(await ask(s, '2001:db8:1:3::1'), 'the next /64 is another client').toBe(404);
    expect(await loggedClients(s)).toEqual(['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:fffe', '2001:db8:1:3::1']);
  });

  it('behind two proxies (TRUST_PROXY=2): the entry before the last', async () => {
    const s = await start({ TRUST_PROXY: '2' });
    expect(await ask(s, '203.0.113.7, 10.0.0.2')).toBe(404);
    expect(await ask(s, '203.0.113.8, 10.0.0.2'), 'same inner proxy, another client').toBe(404);
    expect(await ask(s, '6.6.6.6, 203.0.113.7, 10.0.0.2')).toBe(429);
    expect(await loggedClients(s)).toEqual(['203.0.113.7', '203.0.113.8', '203.0.113.7']);
  });
});
