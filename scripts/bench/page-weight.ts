/**
 * First-load JavaScript per page type, two ways that should agree: the build's static module graph (what the
 * budget test tests/unit/budgets/page-weight.build.test.ts checks) and what Chromium really fetched before anything
 * was clicked (which would also catch an import() that runs at load).
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';
import { FIRST_LOAD_JS_GZ, type PageType } from '../../tests/unit/budgets/budgets.ts';
import { buildBasePath, pageScripts } from '../../tests/unit/budgets/page-scripts.ts';
import { kb, percentOf, table } from './stats.ts';

const PAGES: [PageType, string][] = [['home', ''], ['lesson', 'config/'], ['checklist', 'checklist/'], ['capstone', 'capstone/']];

/** Gzipped bytes of every script the page fetched until the network went quiet, in a fresh (cold) context. */
async function fetchedScripts(browser: Browser, url: string): Promise<{ files: number; gz: number }> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const pending: Promise<number>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') pending.push(response.body().then((body) => gzipSync(body).length, () => 0));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const sizes = await Promise.all(pending);
  await context.close();
  return { files: sizes.length, gz: sizes.reduce((a, b) => a + b, 0) };
}

export async function measurePageWeight(siteDir: string, browser: Browser, baseUrl: string): Promise<string> {
  const basePath = buildBasePath(siteDir);
  const rows = [['page type', 'path', 'script files, gz (build graph)', 'script files, gz (Chromium fetched)', 'inline, gz', 'total vs budget']];
  for (const [type, path] of PAGES) {
    const built = await pageScripts(siteDir, `${path}index.html`, basePath);
    const fetched = await fetchedScripts(browser, new URL(path, baseUrl).href);
    const files = built.scripts.filter((s) => !s.file.startsWith('<inline'));
    const inlineGz = built.totalGz - files.reduce((sum, s) => sum + s.gzBytes, 0);
    rows.push([
      type, `/${path}`,
      `${files.length}, ${kb(built.totalGz - inlineGz)}`,
      `${fetched.files}, ${kb(fetched.gz)}`,
      `${built.scripts.length - files.length}, ${kb(inlineGz)}`,
      `${kb(built.totalGz)} = ${percentOf(built.totalGz, FIRST_LOAD_JS_GZ[type])}`,
    ]);
  }
  return `first-load JavaScript, before the workbench opens:\n${table(rows)}`;
}
