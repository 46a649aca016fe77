import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readWorkingCopy } from '../../../scripts/lib/working-copy.ts';
import { sandboxProblem } from '../../../src/sandbox/bubblewrap.ts';
import { makeSite, postJson, startServer, type RunningServer } from './start-server.ts';

/**
 * Fair share on the real server: one client's slow submissions hold one grading slot, not all of them, and a
 * full queue is reported as shared load, not as the learner's fault. Clients are told apart by
 * X-Forwarded-For under TRUST_PROXY=1, as behind a reverse proxy.
 */
const sandboxed = sandboxProblem() === undefined;
const starter = readWorkingCopy('exercises/config/starter');
const solution = readWorkingCopy('exercises/config/solution');
// Listens but never answers: holds a slot for several seconds without using the CPU.
const slow = { ...starter, 'server.js': 'import http from "node:http"; http.createServer(() => {}).listen(process.env.PORT);' };
const as = (address: string) => ({ 'X-Forwarded-For': address });
const timed = (response: Promise<Response>) => response.then(async (r) => ({ status: r.status, body: await r.json(), headers: r.headers, at: Date.now() }));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let site: string | undefined;
let server: RunningServer | undefined;
async function start(env: Record<string, string>): Promise<RunningServer> {
  site = makeSite();
  server = await startServer({
    SITE_DIR: site, TRUST_PROXY: '1', GRADE_RATE_PER_MINUTE: '1000', GRADE_RATE_BURST: '100', ...env,
    ...(sandboxed ? {} : { GRADING_SANDBOX: 'unsafe-none' }),
  });
  return server;
}
afterEach(() => {
  server?.child.kill('SIGKILL');
  if (site) rmSync(site, { recursive: true, force: true });
  server = site = undefined;
});

describe('fair share of grading slots', () => {
  it('a client with two slow grades holds one of two slots; another learner is graded meanwhile', async () => {
    const s = await start({ GRADE_CONCURRENCY: '2' });
    const a1 = timed(postJson(s, 'grade', { exercise: 'config', files: slow }, as('198.51.100.1')));
    const a2 = timed(postJson(s, 'grade', { exercise: 'config', files: slow }, as('198.51.100.1')));
    await wait(300);
    const b = await timed(postJson(s, 'grade', { exercise: 'config', files: solution }, as('198.51.100.2')));
    expect(b.body).toMatchObject({ status: 'pass' });
    const [first, second] = await Promise.all([a1, a2]);
    // Without fair share a's two grades took both slots and b waited for one of them (≈ 6 s): its grading
    // began (its answer less its own duration) only once one of a's had ended.
    const bStarted = b.at - (b.body as { durationMs: number }).durationMs;
    expect(bStarted, 'b is graded while a\'s first grade still runs').toBeLessThan(Math.min(first.at, second.at) - 1000);
    // a's grades ran one after the other: the later one took all of its own grading time after the earlier ended.
    const [earlier, later] = [first, second].sort((x, y) => x.at - y.at);
    expect(later!.at - earlier!.at).toBeGreaterThanOrEqual((later!.body as { durationMs: number }).durationMs - 300);
  }, 60_000);

  it('429 when the queue is full says the server is busy with others; a client over its own share is told so', async () => {
    const s = await start({ GRADE_CONCURRENCY: '1', GRADE_QUEUE: '2' });
    const a = () => timed(postJson(s, 'grade', { exercise: 'config', files: slow }, as('198.51.100.1')));
    const inFlight = [a()];
    await wait(600);
    inFlight.push(a(), a()); // a: one running, two waiting (its share of the queue, which is now full)
    await wait(600);
    const over = await a();
    expect(over.status).toBe(429);
    expect(over.body.error).toContain('grades from your network address are already running and waiting');
    const full = await timed(postJson(s, 'grade', { exercise: 'config', files: solution }, as('198.51.100.2')));
    expect(full.status).toBe(429);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(full.body.error).toMatch(/^the server is busy with other learners' grades; try again in \d+ s$/);
    server!.child.kill('SIGKILL');
    await Promise.allSettled(inFlight);
  }, 60_000);

  it('a client runs at most two apps at once; the Run slots it leaves are others\'', async () => {
    const s = await start({ RUN_CONCURRENCY: '4' });
    const forever = { ...starter, 'server.js': 'setInterval(() => {}, 1000);' };
    const runAs = (address: string) => postJson(s, 'run', { exercise: 'config', files: forever }, as(address));
    const a = [await runAs('198.51.100.1'), await runAs('198.51.100.1')];
    for (const response of a) expect(response.status).toBe(200);
    const third = await runAs('198.51.100.1');
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: string }).error).toContain('apps from your network address are already running on this server (at most 2 at once)');
    const other = await runAs('198.51.100.2');
    expect(other.status).toBe(200);
    server!.child.kill('SIGKILL');
    await Promise.allSettled([...a, other].map((r) => r.text()));
  }, 60_000);

  it('a learner who leaves while waiting gives back their place in the queue', async () => {
    const s = await start({ GRADE_CONCURRENCY: '1', GRADE_QUEUE: '1' });
    const running = timed(postJson(s, 'grade', { exercise: 'config', files: slow }, as('198.51.100.1')));
    await wait(600);
    const leaving = new AbortController();
    const left = fetch(`${s.url}/api/grade`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...as('198.51.100.2') },
      body: JSON.stringify({ exercise: 'config', files: solution }), signal: leaving.signal,
    }).catch(() => 'left');
    await wait(600);
    leaving.abort(); // closed the tab: the queue's only place is free again
    expect(await left).toBe('left');
    await wait(200);
    const next = timed(postJson(s, 'grade', { exercise: 'config', files: solution }, as('198.51.100.3')));
    const [first, third] = await Promise.all([running, next]);
    expect(third.status, 'not refused as a full queue').toBe(200);
    expect(third.body).toMatchObject({ status: 'pass' });
    expect(third.at).toBeGreaterThan(first.at);
  }, 60_000);

  it('a grade that held its slot long costs more of the rate limit than a quick one', async () => {
    // 2 requests at once, then 1 a minute: a quick grade leaves one for the next request, a slow one (> 2 s) none.
    const s = await start({ GRADE_RATE_PER_MINUTE: '1', GRADE_RATE_BURST: '2' });
    const graded = await timed(postJson(s, 'grade', { exercise: 'config', files: slow }, as('198.51.100.1')));
    expect((graded.body as { durationMs: number }).durationMs).toBeGreaterThan(2000);
    const next = await postJson(s, 'grade', { exercise: 'no-such-exercise', files: {} }, as('198.51.100.1'));
    expect(next.status, 'the slow grade used up the rest of the burst').toBe(429);
    const other = await postJson(s, 'grade', { exercise: 'no-such-exercise', files: {} }, as('198.51.100.2'));
    expect(other.status).toBe(404);
  }, 60_000);
});
