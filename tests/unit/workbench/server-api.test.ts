import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandler, type ApiOptions } from '../../../src/server/api/index.ts';
import { Limiter } from '../../../src/server/api/limiter.ts';
import { SandboxUnavailableError } from '../../../src/workbench/sandbox/sandbox.ts';
import { probeServer, ServerSandbox } from '../../../src/workbench/sandbox/server/server-sandbox.ts';
import type { GradeResult } from '../../../src/workbench/types.ts';
import { FIXTURES, solution } from './sandbox-contract.ts';

const servers: Server[] = [];

async function serve(options: Partial<ApiOptions> = {}): Promise<string> {
  const api = createApiHandler({ basePath: '/course/', exercisesDir: FIXTURES, ...options });
  const server = createServer((req, res) => void api(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/course/api/`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const passing: GradeResult = { version: 1, exercise: 'wb-demo', status: 'pass', tests: [], durationMs: 1 };

describe('grading API (POST <base>api/grade)', () => {
  it('health says this is the server sandbox', async () => {
    const api = await serve({ runLimitMs: 12_000 });
    const response = await fetch(`${api}health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, sandbox: 'server', runLimitMs: 12_000 });
  });

  it('health naming an exercise readies a grader for it; any name still gets the same answer', async () => {
    const api = createApiHandler({ basePath: '/course/', exercisesDir: FIXTURES });
    const server = createServer((req, res) => void api(req, res));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/course/api/`;
    try {
      for (const exercise of ['wb-demo', 'no-such-exercise', '../etc']) {
        const response = await fetch(`${base}health?exercise=${encodeURIComponent(exercise)}`);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ ok: true, sandbox: 'server' });
      }
      // The grade after it (through the spare the health request started, once ready) grades as ever; the pool's
      // own behaviour is tests/unit/grading/warm-graders.test.ts's.
      const response = await post(`${base}grade`, { exercise: 'wb-demo', files: solution() });
      expect(await response.json()).toMatchObject({ exercise: 'wb-demo', status: 'pass' });
    } finally {
      api.stop();
    }
  });

  it('200 with the GradeResult', async () => {
    const api = await serve({ grade: async () => passing });
    const response = await post(`${api}grade`, { exercise: 'wb-demo', files: solution() });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(passing);
  });

  it.each([
    ['not JSON', '{oops'],
    ['not an object', '[1]'],
    ['a bad exercise id', { exercise: '../etc', files: {} }],
    ['files that are not an object', { exercise: 'wb-demo', files: [] }],
    ['an absolute path', { exercise: 'wb-demo', files: { '/etc/passwd': 'x' } }],
    ['a parent path', { exercise: 'wb-demo', files: { '../x.js': 'x' } }],
    ['a hidden-test path', { exercise: 'wb-demo', files: { '.grading/kit.mjs': 'x' } }],
    ['a non-text file', { exercise: 'wb-demo', files: { 'a.js': 1 } }],
    ['an unknown field', { exercise: 'wb-demo', files: {}, score: 100 }],
  ])('400 for %s', async (_, body) => {
    const api = await serve({ grade: async () => passing });
    const response = await post(`${api}grade`, body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toEqual(expect.any(String));
  });

  it('404 for an unknown exercise', async () => {
    const api = await serve({ grade: async () => passing });
    const response = await post(`${api}grade`, { exercise: 'no-such-thing', files: {} });
    expect(response.status).toBe(404);
  });

  it('413 for a body over the limit, and for files over the working-copy limits', async () => {
    const api = await serve({ grade: async () => passing, maxBodyBytes: 10_000 });
    expect((await post(`${api}grade`, { exercise: 'wb-demo', files: { 'a.js': 'x'.repeat(20_000) } })).status).toBe(413);
    const roomy = await serve({ grade: async () => passing });
    expect((await post(`${roomy}grade`, { exercise: 'wb-demo', files: { 'a.js': 'x'.repeat(300 * 1024) } })).status).toBe(413);
  });

  it('429 with Retry-After when the grading queue is full', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const api = await serve({ grade: async () => (await gate, passing), maxGrades: 1, maxQueuedGrades: 1 });
    const body = { exercise: 'wb-demo', files: solution() };
    const first = post(`${api}grade`, body);
    const second = post(`${api}grade`, body);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = await post(`${api}grade`, body);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
  });

  it.each([
    ['a bad exercise id', { exercise: '../etc', files: {} }, '"exercise"'],
    ['a traversal path', { exercise: 'wb-demo', files: { 'src/../../x.js': 'x' } }, 'file path "src/../../x.js"'],
    ['a file with NUL bytes', { exercise: 'wb-demo', files: { 'logo.png': '\u0089PNG\u0000\u0000' } }, 'file "logo.png" is not UTF-8 text'],
    ['a lone surrogate', { exercise: 'wb-demo', files: { 'a.js': '\ud800' } }, 'file "a.js" is not UTF-8 text'],
    ['a number as content', { exercise: 'wb-demo', files: { 'a.js': 42 } }, 'file "a.js" must be text'],
  ])('400 naming the field for %s', async (_, body, field) => {
    const api = await serve({ grade: async () => passing });
    const response = await post(`${api}grade`, body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(field);
  });

  it('400 for a body that is not UTF-8 (a binary upload)', async () => {
    const api = await serve({ grade: async () => passing });
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"a":"\xff\xfe"}
    const response = await fetch(`${api}grade`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: bytes });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain('not valid UTF-8 JSON');
  });

  it('413 for more than 100 files', async () => {
    const api = await serve({ grade: async () => passing });
    const files = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}.js`, '']));
    const response = await post(`${api}grade`, { exercise: 'wb-demo', files });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toContain('too many files (101; at most 100)');
  });

  it('429 with Retry-After when one client sends too many requests', async () => {
    let graded = 0;
    const api = await serve({ grade: async () => (graded++, passing), ratePerMinute: 60, rateBurst: 3 });
    const body = { exercise: 'wb-demo', files: solution() };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(`${api}grade`, body)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(graded).toBe(3);
    const refused = await post(`${api}grade`, body);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
  });

  it('503 with the reason when grading is off, and the workbench then looks elsewhere', async () => {
    let graded = 0;
    const api = await serve({ grade: async () => (graded++, passing), disabledReason: 'bwrap is not installed' });
    const response = await post(`${api}grade`, { exercise: 'wb-demo', files: solution() });
    expect(response.status).toBe(503);
    expect((await response.json()).error).toBe('grading on this server is off: bwrap is not installed');
    expect((await fetch(`${api}health`)).status).toBe(503);
    expect(await probeServer(api)).toBeUndefined();
    expect(graded).toBe(0);
  });

  it('405 for the wrong method, 404 for an unknown route', async () => {
    const api = await serve();
    expect((await fetch(`${api}grade`)).status).toBe(405);
    expect((await fetch(`${api}nope`)).status).toBe(404);
    expect((await fetch(`${api}__proto__`)).status).toBe(404);
  });
});

describe('run API (POST <base>api/run)', () => {
  it('streams start, output and end as NDJSON', async () => {
    const api = await serve();
    const response = await post(`${api}run`, { exercise: 'wb-demo', files: { 'package.json': '{"type":"module"}', 'server.js': 'console.log("hi", process.env.PORT > 0)' } });
    expect(response.headers.get('content-type')).toMatch(/ndjson/);
    const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(events[0]).toMatchObject({ type: 'start', port: expect.any(Number) });
    expect(events).toContainEqual({ type: 'output', stream: 'stdout', text: 'hi true\n' });
    expect(events.at(-1)).toMatchObject({ type: 'end', reason: 'exited', code: 0 });
  });

  it('stops an app at the time limit and says so', async () => {
    const api = await serve({ runLimitMs: 500 });
    const response = await post(`${api}run`, { exercise: 'wb-demo', files: { 'server.js': 'while (true) {}' } });
    const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(events.at(-1)).toMatchObject({ type: 'end', reason: 'timeout' });
    expect(events.at(-1).message).toMatch(/0\.5 s/);
  });

  it('refuses bad environment variables', async () => {
    const api = await serve();
    const response = await post(`${api}run`, { exercise: 'wb-demo', files: {}, env: { 'BAD NAME': 'x' } });
    expect(response.status).toBe(400);
  });
});

describe('Server sandbox detection', () => {
  it('finds the API, and says plainly when it is not there', async () => {
    const api = await serve();
    expect(await probeServer(api)).toMatchObject({ ok: true, sandbox: 'server' });
    const server = createServer((_, res) => res.writeHead(404).end('static host'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const staticHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
    expect(await probeServer(staticHost)).toBeUndefined();
    const sandbox = new ServerSandbox({ apiBase: staticHost, exercise: { id: 'wb-demo', timeouts: { testMs: 1000, runMs: 1000 } } });
    await expect(sandbox.boot()).rejects.toBeInstanceOf(SandboxUnavailableError);
  });

  it('turns a server that went away into an error result, not an exception', async () => {
    const sandbox = new ServerSandbox({ apiBase: 'http://127.0.0.1:9/api/', exercise: { id: 'wb-demo', timeouts: { testMs: 1000, runMs: 1000 } } });
    const result = await sandbox.grade();
    expect(result).toMatchObject({ status: 'error', message: expect.stringContaining('Could not reach') });
    expect(await sandbox.run({ onOutput: () => {} })).toMatchObject({ reason: 'failed' });
  });
});

describe('Limiter', () => {
  it('runs at most max at once, queues up to queue, refuses the rest', async () => {
    const limiter = new Limiter(1, 1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a = limiter.tryRun(() => gate);
    const b = limiter.tryRun(async () => 'b');
    expect(limiter.tryRun(async () => 'c')).toBeUndefined();
    expect(limiter.running).toBe(1);
    expect(limiter.waiting).toBe(1);
    release();
    await a;
    expect(await b).toBe('b');
    expect(limiter.running).toBe(0);
  });
});
