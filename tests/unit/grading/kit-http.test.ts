import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from '../../../src/grading/harness/kit-http.mjs';
import { leanHttpArgs } from '../../../src/grading/harness/lean-http.mjs';

// The kit's fetch stand-in against a real HTTP server on loopback: what the hidden tests rely on must behave as
// fetch does (status, headers, bodies, redirects, timeouts, refused connections).

interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }
const seen: Seen[] = [];
let base = '';
let server: http.Server;

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    const [route] = (req.url ?? '').split('?');
    if (route === '/json') return res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-Two': ['a', 'b'] }).end('{"ok":true}');
    if (route === '/cookies') return res.writeHead(200, { 'set-cookie': ['a=1; Path=/', 'b=2'] }).end();
    if (route === '/see-other') return res.writeHead(303, { location: '/json' }).end();
    if (route === '/moved') return res.writeHead(307, { location: `${base}/json` }).end();
    if (route === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (route === '/slow') return; // never answers
    if (route === '/cut') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('only part of it');
      setTimeout(() => res.destroy(), 20);
      return;
    }
    res.writeHead(404).end('nope');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('httpFetch', () => {
  it('gives status, status text, headers and a JSON body', async () => {
    const res = await httpFetch(`${base}/json`);
    expect([res.status, res.statusText, res.ok, res.url, res.redirected]).toEqual([201, 'Made', true, `${base}/json`, false]);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('x-two')).toBe('a, b');
    expect(res.headers.has('missing')).toBe(false);
    expect(res.headers.get('missing')).toBeNull();
    expect(await res.json()).toEqual({ ok: true });
    expect(res.bodyUsed).toBe(true);
  });

  it('sends method, headers and a string body with the content type fetch would add', async () => {
    const res = await httpFetch(new URL('/echo', base), { method: 'put', headers: { 'X-Token': 't1' }, body: 'héllo' });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('nope');
    const request = seen.at(-1)!;
    expect([request.method, request.url, request.body]).toEqual(['PUT', '/echo', 'héllo']);
    expect(request.headers['x-token']).toBe('t1');
    expect(request.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength('héllo')));
  });

  it('keeps a content type the test gave, and sends bytes as they are', async () => {
    await (await httpFetch(`${base}/up`, { method: 'POST', headers: [['content-type', 'image/svg+xml']], body: Buffer.from('<svg/>') })).text();
    expect(seen.at(-1)!.headers['content-type']).toBe('image/svg+xml');
    expect(seen.at(-1)!.body).toBe('<svg/>');
  });

  it('lists every Set-Cookie line separately', async () => {
    const res = await httpFetch(`${base}/cookies`);
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
  });

  it('follows redirects like fetch: 303 turns a POST into a GET without a body', async () => {
    const res = await httpFetch(`${base}/see-other`, { method: 'POST', body: 'x' });
    expect([res.status, res.redirected, res.url]).toEqual([201, true, `${base}/json`]);
    const followed = seen.at(-1)!;
    expect([followed.method, followed.body, followed.headers['content-type']]).toEqual(['GET', '', undefined]);
    expect((await httpFetch(`${base}/moved`)).status).toBe(201);
  });

  it("returns the redirect itself with redirect: 'manual', and gives up on a loop", async () => {
    const res = await httpFetch(`${base}/see-other`, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/json']);
    await expect(httpFetch(`${base}/loop`)).rejects.toMatchObject({ name: 'TypeError', cause: { message: 'redirect count exceeded' } });
    await expect(httpFetch(`${base}/moved`, { redirect: 'error' })).rejects.toThrow('fetch failed');
  });

  it('rejects with the signal\'s TimeoutError when no answer comes', async () => {
    await expect(httpFetch(`${base}/slow`, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('rejects like fetch when nothing listens: TypeError with the socket error as cause', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(httpFetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });

  it('rejects reading a body whose connection is cut before the end', async () => {
    const res = await httpFetch(`${base}/cut`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow('terminated');
  });

  it('names what is wrong with a body type it cannot send', async () => {
    await expect(httpFetch(`${base}/x`, { method: 'POST', body: { a: 1 } })).rejects.toThrow(/body must be a string, Buffer/);
  });
});

describe('the lean node:http preload', () => {
  // The probe prints text, not a boolean: console.log colours a boolean when FORCE_COLOR is set in the environment.
  const undiciLoaded = (args: string[]) => {
    const probe = "import http from 'node:http'; http.createServer(); console.log(String(process.moduleLoadList.some((m) => m.includes('undici'))))";
    const run = spawnSync(process.execPath, [...args, '--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    return run.stdout.trim();
  };
  const major = Number(process.versions.node.split('.')[0]);

  it.runIf(major >= 22)('keeps an ES module importing node:http from loading undici', () => {
    expect(undiciLoaded([])).toBe('true'); // without it, the import alone loads undici (why the preload exists)
    expect(undiciLoaded(leanHttpArgs)).toBe('false');
  });
});
