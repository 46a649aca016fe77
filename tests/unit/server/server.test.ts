import { request } from 'node:http';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, startServer, type RunningServer } from './start-server.ts';

const isolation = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

describe('npm start serving a site', () => {
  let site: string;
  let server: RunningServer;
  beforeAll(async () => {
    site = makeSite();
    server = await startServer({ SITE_DIR: site });
  });
  afterAll(async () => {
    server.child.kill('SIGKILL');
    rmSync(site, { recursive: true, force: true });
  });

  it.each([
    ['/', 200],
    ['/config/', 200],
    ['/missing/', 404],
    ['/_astro/app.abc123.js', 200],
  ])('GET %s answers %i with both isolation headers', async (path, status) => {
    const res = await fetch(server.url + path);
    expect(res.status).toBe(status);
    for (const [name, value] of Object.entries(isolation)) expect(res.headers.get(name)).toBe(value);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('redirects a directory without its trailing slash', async () => {
    const res = await fetch(`${server.url}/config`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/config/');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('never serves files outside the site folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%00']) {
      const status = await new Promise<number>((resolve) => {
        request(`${server.url}${path}`, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).end();
      });
      expect(status, path).toBe(404);
    }
  });

  it('caches fingerprinted assets forever and pages never', async () => {
    expect((await fetch(`${server.url}/_astro/app.abc123.js`)).headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/config/`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('logs one JSON line per request on stdout', async () => {
    await fetch(`${server.url}/config/?from=test`);
    await new Promise((r) => setTimeout(r, 100));
    const lines = server.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const entry = lines.find((l) => l.msg === 'request' && l.path === '/config/');
    expect(entry).toMatchObject({ method: 'GET', status: 200, level: 'info' });
    expect(typeof entry?.durationMs).toBe('number');
  });
});

describe('npm start configuration', () => {
  it.each([
    [{ PORT: 'abc' }, /PORT="abc"/],
    [{ PORT: '70000' }, /PORT="70000"/],
    [{ HOST: 'not a host!' }, /HOST=/],
    [{ SOLUTIONS: 'sometimes' }, /SOLUTIONS="sometimes".*always, after-pass, never/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY="yes" is not allowed: use the number of reverse proxies/],
    [{ TRUST_PROXY: '11' }, /TRUST_PROXY="11"/],
  ])('%o fails with one clear line on stderr and exit 1', async (env, message) => {
    const failed = await startServer({ SITE_DIR: 'dist', ...env }).then(
      (s) => {
        s.child.kill('SIGKILL');
        return undefined;
      },
      (error: Error) => error,
    );
    expect(failed?.message).toMatch(/exited with 1/);
    const line = failed!.message.split('before listening: ')[1]!.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(message);
  });
});

describe('npm start on SIGTERM', () => {
  it('finishes the in-flight response, refuses new connections and exits 0', async () => {
    const site = makeSite();
    const server = await startServer({ SITE_DIR: site });
    try {
      let signalled!: () => void;
      const signalSent = new Promise<void>((resolve) => (signalled = resolve));
      const body = new Promise<number>((resolve, reject) => {
        request(`${server.url}/big.bin`, (res) => {
          let bytes = 0;
          res.pause();
          // Hold the download open across the signal, then read it all.
          setTimeout(() => {
            server.child.kill('SIGTERM');
            signalled();
            setTimeout(() => {
              res.on('data', (chunk: Buffer) => (bytes += chunk.length));
              res.on('end', () => resolve(bytes));
              res.on('error', reject);
              res.resume();
            }, 300);
          }, 100);
        }).on('error', reject).end();
      });
      // Once SIGTERM has been handled, a new connection must not be served. (Counted from the signal, not from
      // the request: on a busy machine the response can take longer than a fixed delay.)
      const refused = signalSent.then(() => new Promise<boolean>((resolve) => {
        setTimeout(() => {
          fetch(`${server.url}/config/`).then(() => resolve(false), () => resolve(true));
        }, 150);
      }));
      expect(await body).toBe(32 * 1024 * 1024);
      expect(await refused).toBe(true);
      const started = Date.now();
      const { code } = await server.exited;
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(server.stdout()).toContain('"msg":"shutting down"');
    } finally {
      server.child.kill('SIGKILL');
      rmSync(site, { recursive: true, force: true });
    }
  });
});
