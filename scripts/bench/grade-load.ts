/**
 * npm run bench:grade [-- --url http://127.0.0.1:4321/ --total 200 --concurrency 20 --exercise config]
 * Sends `total` gradings, `concurrency` at a time, to a running course server (by default one it starts
 * itself on a free loopback port, with the per-client rate limit raised so the load is really graded), then
 * prints the count per status code and latency p50/p95. A 429 is retried after its Retry-After, as the
 * workbench does, so every grading finishes; the 429s are counted too. Exits 1 if any response is 5xx.
 */
import { parseArgs } from 'node:util';
import { readWorkingCopy } from '../lib/working-copy.ts';
import { startServer } from './server.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    total: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '20' },
    exercise: { type: 'string', default: 'config' },
  },
});
const total = Number(values.total);
const concurrency = Number(values.concurrency);
const exercise = values.exercise;

const own = values.url ? undefined : await startServer();
const base = values.url ?? own!.url;
const bodies = [readWorkingCopy(`exercises/${exercise}/starter`), readWorkingCopy(`exercises/${exercise}/solution`)].map((files) =>
  JSON.stringify({ exercise, files }));

const statuses = new Map<number, number>();
const latencies: number[] = [];
let retries = 0;
let next = 0;
const started = Date.now();
// Each worker is one learner (its own address, through the bench server's TRUST_PROXY=1): the server gives one
// client one grading slot at a time, so from a single address the load would be graded one at a time.
async function worker(learner: number): Promise<void> {
  while (next < total) {
    const body = bodies[next++ % bodies.length]!;
    const t0 = performance.now();
    let status = 0;
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const response = await fetch(new URL('api/grade', base), { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `10.0.${learner >> 8}.${learner & 255}` }, body });
        await response.arrayBuffer();
        status = response.status;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status !== 429) break;
        retries++;
        await new Promise((r) => setTimeout(r, Number(response.headers.get('Retry-After') ?? 1) * 1000));
      } catch {
        status = 0; // connection failed
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        break;
      }
    }
    latencies.push(performance.now() - t0);
  }
}
await Promise.all(Array.from({ length: concurrency }, (_, learner) => worker(learner)));
await own?.stop();

const sorted = latencies.sort((a, b) => a - b);
const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
process.stdout.write(`bench:grade — ${total} gradings of "${exercise}", ${concurrency} at a time, against ${base}\n`);
for (const [status, count] of [...statuses].sort((a, b) => a[0] - b[0])) {
  process.stdout.write(`  ${status === 0 ? 'no response' : `HTTP ${status}`}: ${count}\n`);
}
process.stdout.write(`  (${retries} retries after 429; every grading counted once in the latencies)\n`);
process.stdout.write(`  latency p50 ${seconds(at(50))}, p95 ${seconds(at(95))}, max ${seconds(sorted.at(-1) ?? 0)}\n`);
process.stdout.write(`  wall time ${seconds(Date.now() - started)}, ${(total / ((Date.now() - started) / 1000)).toFixed(1)} gradings/s\n`);
const serverErrors = [...statuses].filter(([status]) => status >= 500 || status === 0).reduce((n, [, c]) => n + c, 0);
process.stdout.write(`  responses ≥ 500 or failed: ${serverErrors}\n`);
process.exitCode = serverErrors > 0 ? 1 : 0;
