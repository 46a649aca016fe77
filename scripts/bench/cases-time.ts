/**
 * How long the grader case suites take (`npm run verify -- --cases`): DESIGN.md measures them apart from verify's
 * own budget, and they must keep the whole `npm test` within 15 minutes in CI. One run by default — a run is
 * minutes long — with the figures verify prints: cases accepted and rejected, gradings made and their time, and
 * the exercises whose suites cost the most grading time. No CPU time: the sandbox's processes live in PID
 * namespaces whose init does not wait for them, so /proc's children's CPU time misses most of the work.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { percentOf } from './stats.ts';

/** The whole of `npm test` in CI (DESIGN.md, "Budgets"); the case suites are one part of it. */
export const NPM_TEST_BUDGET_MS = 15 * 60_000;
/** Above this share of npm test's budget the case suites crowd out everything else: the report says so. */
const WARN_SHARE = 0.4;

export function measureCases(runs: number): string {
  const lines: string[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['scripts/verify.ts', '--cases'], { encoding: 'utf8' });
    const wallMs = performance.now() - started;
    const figures = /^cases: (.*) \((\d+) gradings in ([\d.]+) s\)$/m.exec(result.stdout);
    const summary = /^\d+ passed, \d+ failed$/m.exec(result.stdout)?.[0] ?? `exit ${result.status}, no summary line`;
    if (!figures) {
      lines.push(`case suites: no "cases:" line from verify --cases (${summary}): ${result.stderr.trim().split('\n')[0] ?? ''}`);
      continue;
    }
    const [, verdicts, gradings, secondsText] = figures;
    const casesMs = Number(secondsText) * 1000;
    lines.push(
      `case suites: ${(casesMs / 1000).toFixed(1)} s for ${gradings} gradings ` +
        `(${(casesMs / Number(gradings) / 1000).toFixed(2)} s each on ${availableParallelism()} slots) — ${percentOf(casesMs, NPM_TEST_BUDGET_MS)} (npm test); ` +
        `${verdicts}; verify --cases took ${(wallMs / 1000).toFixed(1)} s in all; ${summary}`,
    );
    lines.push(`  grading time by exercise, most first: ${costliest(result.stdout)}`);
    if (casesMs > WARN_SHARE * NPM_TEST_BUDGET_MS) {
      lines.push(`  warning: the case suites alone use over ${WARN_SHARE * 100}% of npm test's 15 minutes — fewer or faster cases, or faster tests`);
    }
  }
  return lines.join('\n');
}

/** "capstone 212 s (96 gradings), …" from verify's per-exercise lines, the costliest suites first. */
function costliest(stdout: string): string {
  const suites = [...stdout.matchAll(/^[✓✗] ([a-z0-9-]+)\b.*?(\d+) gradings of ([\d.]+) s in all/gm)]
    .map(([, id, gradings, seconds]) => ({ id, gradings: Number(gradings), seconds: Number(seconds) }))
    .sort((a, b) => b.seconds - a.seconds);
  return suites.map((suite) => `${suite.id} ${suite.seconds.toFixed(0)} s (${suite.gradings} gradings)`).join(', ') || 'none reported';
}
