/**
 * npm run audit [-- --out <dir>]
 * Lighthouse on the home page and a lesson, served by `npm start` on loopback, in Chromium without any outside
 * network: performance, accessibility and best-practices scores with the metrics behind performance, in both of
 * Lighthouse's presets (mobile: simulated slow 4G and a 4× slower CPU; desktop). Targets: performance ≥ 95,
 * accessibility 100, best practices ≥ 95; the exit code is 1 when one is missed, and every audit that cost points
 * is listed. Serves SITE_DIR when it names a build, otherwise builds into a temporary folder first (dist/ is never
 * touched). --out writes each HTML report there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Flags, type Result } from 'lighthouse';
import { chromiumArgs, chromiumExecutable } from '../../tests/e2e/chromium-path.ts';
import { startServer } from './server.ts';
import { table } from './stats.ts';

const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 95 } as const;
const PAGES = [['home', ''], ['lesson', 'config/']] as const;
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'] as const;

const { values } = parseArgs({ options: { out: { type: 'string' } } });

/** Audits in a scored category that did not get full marks: what to fix. */
function lostPoints(lhr: Result): string[] {
  return Object.keys(TARGETS).flatMap((id) => lhr.categories[id]!.auditRefs
    .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
    .map((ref) => `${id}: ${lhr.audits[ref.id]!.title} ${lhr.audits[ref.id]!.displayValue ?? ''}`.trimEnd()));
}

const ownBuild = process.env.SITE_DIR ? undefined : mkdtempSync(path.join(tmpdir(), 'tfl-audit-site-'));
const siteDir = process.env.SITE_DIR ?? ownBuild!;
if (ownBuild) {
  process.stdout.write(`building the course into a temporary folder…\n`);
  const built = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', siteDir], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`astro build failed:\n${(built.stdout + built.stderr).slice(-2000)}`);
} else if (!existsSync(path.join(siteDir, 'index.html'))) {
  throw new Error(`SITE_DIR=${siteDir} has no index.html: build it first, or leave SITE_DIR unset to build a temporary copy`);
}

const server = await startServer(siteDir);
// The Chromium Playwright uses (its own, or the system one): Lighthouse drives it over the DevTools protocol.
const chrome = await chromeLauncher.launch({
  chromePath: chromiumExecutable() ?? chromium.executablePath(),
  chromeFlags: ['--headless=new', ...chromiumArgs],
});
const rows = [['page', 'preset', 'performance', 'accessibility', 'best practices', 'FCP', 'LCP', 'TBT', 'CLS', 'Speed Index']];
const missed: string[] = []; // targets not met: the exit code says so
const lost: string[] = []; // every audit that cost points, met targets or not: what to look at
let version = '';
process.stdout.write(`load average at start: ${loadavg().map((n) => n.toFixed(2)).join(', ')}\n`);
try {
  for (const [name, pagePath] of PAGES) {
    for (const preset of ['mobile', 'desktop'] as const) {
      const url = new URL(pagePath, server.url).href;
      const flags: Flags = { port: chrome.port, output: 'html', logLevel: 'error', onlyCategories: Object.keys(TARGETS) };
      const run = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
      if (!run) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { lhr } = run;
      version = lhr.lighthouseVersion;
      if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.message}`);
      const score = (id: keyof typeof TARGETS) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      rows.push([name, preset, ...Object.keys(TARGETS).map((id) => String(score(id as keyof typeof TARGETS))),
        ...METRICS.map((id) => lhr.audits[id]?.displayValue ?? '?')]);
      for (const [id, target] of Object.entries(TARGETS)) {
        if (score(id as keyof typeof TARGETS) < target) missed.push(`${name} (${preset}): ${id} ${score(id as keyof typeof TARGETS)} < ${target}`);
      }
      lost.push(...lostPoints(lhr).map((audit) => `${name} (${preset}) ${audit}`));
      if (values.out) {
        mkdirSync(values.out, { recursive: true });
        writeFileSync(path.join(values.out, `${name}-${preset}.html`), String(run.report));
      }
    }
  }
} finally {
  chrome.kill();
  await server.stop();
  if (ownBuild) rmSync(ownBuild, { recursive: true, force: true });
}
process.stdout.write(`Lighthouse ${version} on ${server.url} (targets: performance ≥ ${TARGETS.performance}, accessibility ${TARGETS.accessibility}, best practices ≥ ${TARGETS['best-practices']}):\n`);
process.stdout.write(`${table(rows)}\n`);
process.stdout.write(missed.length > 0 ? `\nmissed:\n${missed.map((m) => `  ${m}`).join('\n')}\n` : '\nevery target met\n');
if (lost.length > 0) process.stdout.write(`audits short of full marks:\n${lost.map((m) => `  ${m}`).join('\n')}\n`);
process.stdout.write(`load average at end: ${loadavg().map((n) => n.toFixed(2)).join(', ')}\n`);
process.exitCode = missed.length > 0 ? 1 : 0;
