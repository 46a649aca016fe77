/**
 * `npm test`: everything, in the order that fails fastest — prerequisites, type check, unit and
 * integration tests, exercise verification, a fresh build, checks over that build, browser tests.
 * Ends with one summary line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reports = mkdtempSync(join(tmpdir(), 'tfl-test-'));
const node = process.execPath;
let passed = 0;
let failed = 0;
// A CI log may be cut to its head and tail, so the summary repeats what failed, not only which step.
const failures: { step: string; details: string[] }[] = [];

type Counts = { passed: number; failed: number; details?: string[] };

// Steps write to this terminal (stdio inherited), so their tools see it and colour on their own. Forcing colours
// with FORCE_COLOR=1 also reached every process the tests start: a child Node then coloured console.log(true)
// and a test reading its stdout failed outside CI only. In CI, where tools colour on seeing CI=true, colours are
// turned off for a plain log.
const childEnv = process.env.CI ? { ...process.env, FORCE_COLOR: '0' } : process.env;

function step(name: string, command: string, args: string[], count?: () => Counts): void {
  process.stdout.write(`\n▶ ${name}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: childEnv });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counts = count?.() ?? (result.status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  passed += counts.passed;
  failed += counts.failed;
  if (result.status !== 0) failures.push({ step: name, details: counts.details ?? [] });
  process.stdout.write(`${result.status === 0 ? '✓' : '✗'} ${name} (${seconds} s)\n`);
}

type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { name: string; message?: string; assertionResults: { status: string; fullName: string; failureMessages?: string[] }[] }[];
};

function vitestCounts(name: string): Counts {
  const file = join(reports, name);
  if (!existsSync(file)) return { passed: 0, failed: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8')) as VitestReport;
  const details = report.testResults.flatMap((suite) => [
    // A file that failed to load has a message and no failed assertions.
    ...(suite.message ? [`${suite.name}: ${firstLine(suite.message)}`] : []),
    ...suite.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => `${suite.name} › ${test.fullName}: ${firstLine(test.failureMessages?.[0] ?? '')}`),
  ]);
  return { passed: report.numPassedTests, failed: report.numFailedTests, details };
}

type PlaywrightSuite = { title: string; specs?: { title: string; ok: boolean; file: string; line: number }[]; suites?: PlaywrightSuite[] };

function failedSpecs(suite: PlaywrightSuite): string[] {
  const own = (suite.specs ?? []).filter((spec) => !spec.ok).map((spec) => `${spec.file}:${spec.line} › ${spec.title}`);
  return [...own, ...(suite.suites ?? []).flatMap(failedSpecs)];
}

function playwrightCounts(): Counts {
  const file = join(reports, 'playwright.json');
  if (!existsSync(file)) return { passed: 0, failed: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number };
    suites: PlaywrightSuite[];
  };
  const { stats } = report;
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, details: report.suites.flatMap(failedSpecs) };
}

function verifyCounts(output: string): Counts {
  const match = /^(\d+) passed, (\d+) failed$/m.exec(output);
  // An exercise with several problems lists them below its ✗ line, each as "  - problem".
  let exercise = '';
  const details = output.split('\n').flatMap((line) => {
    if (line.startsWith('✗')) exercise = /^✗ ([^:]+):/.exec(line)?.[1] ?? '';
    if (line.startsWith('  - ')) return [`${exercise}: ${line.slice(4)}`];
    return line.startsWith('✗') && !/^✗ [^:]+: \d+ problems?(,|$)/.test(line) ? [line] : [];
  });
  return match ? { passed: Number(match[1]), failed: Number(match[2]), details } : { passed: 0, failed: 1, details };
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300) ?? '';
}

step('System prerequisites (Chromium, bubblewrap, PostgreSQL)', 'bash', ['scripts/prerequisites.sh']);
step('Type check (astro check)', node, ['node_modules/astro/bin/astro.mjs', 'check']);
step('Unit and integration tests (vitest)', node, [
  'node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`,
], () => vitestCounts('vitest.json'));

// With the case suites: every alt-* fix must pass and every wrong-* fix must fail (verify prints their time).
process.stdout.write('\n▶ Exercise verification (npm run verify -- --cases)\n');
const verify = spawnSync(node, ['scripts/verify.ts', '--cases'], { encoding: 'utf8' });
process.stdout.write(verify.stdout + verify.stderr);
const verified = verifyCounts(verify.stdout);
passed += verified.passed;
failed += verified.failed + (verify.status !== 0 && verified.failed === 0 ? 1 : 0);
if (verify.status !== 0) failures.push({ step: 'Exercise verification', details: verified.details ?? [] });
// The case suites' figures and time, repeated in the summary: they are what keeps npm test within its budget.
const caseFigures = verify.stdout.split('\n').find((line) => line.startsWith('cases: '));

step('Site build (astro build)', node, ['node_modules/astro/bin/astro.mjs', 'build']);
// Checks over that build (page weight): sizes read from dist/, no server or browser, so they fail in seconds.
step('Build checks (vitest over dist/)', node, [
  'node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.build.config.ts', '--reporter=default', '--reporter=json',
  `--outputFile.json=${join(reports, 'vitest-build.json')}`,
], () => vitestCounts('vitest-build.json'));
process.env.PLAYWRIGHT_JSON_OUTPUT_NAME = join(reports, 'playwright.json');
step('Browser tests (Playwright)', node, ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json'], playwrightCounts);

rmSync(reports, { recursive: true, force: true });
if (failures.length > 0) {
  process.stdout.write(`\nFailed: ${failures.map((failure) => failure.step).join(', ')}\n`);
  for (const failure of failures) for (const detail of failure.details) process.stdout.write(`  ${failure.step}: ${detail}\n`);
}
if (caseFigures) process.stdout.write(`\nCase suites (npm run verify -- --cases): ${caseFigures.slice('cases: '.length)}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failures.length > 0 ? 1 : 0);
