/**
 * npm run bench [-- --runs 3 --opens 5 --grades 5 --load 40 --case-runs 1 --only grades,verify,cases]
 * Every measurement of DESIGN.md's "Budgets" in one run on this machine, each as a median over several runs
 * with its share of the budget: build time, first-load JavaScript per page type, the workbench opening to an
 * editable editor, grade latency per exercise, grading under concurrent load, `verify` wall time, and the time
 * of the grader case suites (`verify --cases`, once: it takes minutes; --case-runs for more).
 * Timings depend on the machine and on what else it is doing, so the load average and two yardsticks (a bare
 * Node start and a grade of a tiny fixture, machine-speed.ts) are printed at the start and the end; sizes do
 * not. It builds into a temporary folder and serves that, so dist/ is never touched.
 * Nothing here asserts: the checks that fail a build live in `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../../tests/e2e/chromium-path.ts';
import { measureBuild } from './build-time.ts';
import { measureCases } from './cases-time.ts';
import { measureGrades } from './grade-latency.ts';
import { machineSpeed } from './machine-speed.ts';
import { measurePageWeight } from './page-weight.ts';
import { startServer } from './server.ts';
import { measureVerify } from './verify-time.ts';
import { measureWorkbench } from './workbench-open.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' }, // builds and verify runs
    opens: { type: 'string', default: '5' }, // workbench opens, cold and warm each
    grades: { type: 'string', default: '5' }, // grades per exercise, of the starter and of the solution each
    load: { type: 'string', default: '40' }, // gradings in the concurrent-load run (grade-load.ts), 4 at a time
    'case-runs': { type: 'string', default: '1' }, // runs of verify --cases (minutes each)
    only: { type: 'string' }, // a comma-separated subset of PARTS, to re-measure one thing after a change
  },
});
const PARTS = ['build', 'weight', 'workbench', 'grades', 'load', 'verify', 'cases'] as const;
const only = values.only?.split(',').map((part) => part.trim()) ?? [...PARTS];
const unknown = only.filter((part) => !(PARTS as readonly string[]).includes(part));
if (unknown.length > 0) throw new Error(`--only: unknown part ${unknown.join(', ')}; use some of ${PARTS.join(', ')}`);
const wanted = (part: (typeof PARTS)[number]) => only.includes(part);
const count = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, got "${values[name]}"`);
  return n;
};

const say = (text: string) => process.stdout.write(`${text}\n\n`);
const load = () => loadavg().map((n) => n.toFixed(2)).join(', ');
const started = performance.now();
say(`bench — ${availableParallelism()} cores, Node ${process.version}; load average (1, 5, 15 min) at start: ${load()}; ${await machineSpeed()}`);

const siteDir = mkdtempSync(path.join(tmpdir(), 'tfl-bench-site-'));
try {
  // Every part but verify and cases needs a build to serve; measuring the build is optional, building is not.
  const needsSite = PARTS.some((part) => part !== 'verify' && part !== 'cases' && wanted(part));
  if (wanted('build')) say(measureBuild(siteDir, count('runs')).report);
  else if (needsSite) measureBuild(siteDir, 1);
  if (needsSite) {
    const server = await startServer(siteDir);
    const browser = wanted('weight') || wanted('workbench')
      ? await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs })
      : undefined;
    try {
      if (browser && wanted('weight')) say(await measurePageWeight(siteDir, browser, server.url));
      if (browser && wanted('workbench')) say(await measureWorkbench(browser, server.url, count('opens')));
      if (wanted('grades')) say(await measureGrades(server.url, count('grades')));
      if (wanted('load')) {
        const concurrent = spawnSync(process.execPath, ['scripts/bench/grade-load.ts', '--url', server.url, '--total', String(count('load')), '--concurrency', '4'], { encoding: 'utf8' });
        say(`grading under load (scripts/bench/grade-load.ts):\n${concurrent.stdout.trimEnd()}`);
      }
    } finally {
      await browser?.close();
      await server.stop();
    }
  }
  if (wanted('verify')) say(measureVerify(count('runs')).report);
  if (wanted('cases')) say(measureCases(count('case-runs')));
} finally {
  rmSync(siteDir, { recursive: true, force: true });
}
say(`load average at end: ${load()}; ${await machineSpeed()}; bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
