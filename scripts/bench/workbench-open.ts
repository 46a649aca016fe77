/**
 * The workbench in Chromium against the course server on loopback (Server sandbox), in the learner's terms:
 * from pressing "Open the workbench" to an editable editor and to a usable Run tests button, cold (fresh
 * context, empty cache) and warm (the same context after a reload); then Run tests click → verdict shown,
 * the grading budget of DESIGN.md (median ≤ 1 s): right after opening, and once the browser has gone quiet
 * (see browser-quiet.ts for why both). Timed inside the page with performance.now().
 */
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumExecutable } from '../../tests/e2e/chromium-path.ts';
import { waitForQuietBrowser } from './browser-quiet.ts';
import { kb, median, percentOf, spread } from './stats.ts';

const VERDICT_BUDGET_MS = 1000;

/** Presses the button and resolves when the editor takes input, then when Run tests can be pressed. */
function openAndTime(page: Page): Promise<{ editor: number; ready: number }> {
  return page.evaluate(() => new Promise<{ editor: number; ready: number }>((resolve) => {
    const root = document.querySelector<HTMLElement>('[data-workbench]')!;
    const runTests = root.querySelector<HTMLButtonElement>('[data-action="test"]')!;
    let t0 = 0;
    let editor: number | undefined;
    // Only the few attributes that say so: watching Monaco's whole subtree build up slows it (and has crashed
    // the renderer here). data-editor="ready" is set once Monaco holds the learner's file and takes input.
    const observer = new MutationObserver(() => {
      if (editor === undefined && root.dataset.editor === 'ready') editor = performance.now() - t0;
      if (editor !== undefined && root.dataset.sandbox === 'server' && !runTests.disabled) {
        observer.disconnect();
        resolve({ editor, ready: performance.now() - t0 });
      }
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-editor', 'data-sandbox'] });
    observer.observe(runTests, { attributes: true, attributeFilter: ['disabled'] });
    t0 = performance.now();
    root.querySelector<HTMLButtonElement>('[data-wb-open]')!.click();
  }));
}

/** Run tests → the verdict is on screen: grade-action renders the results, then clears aria-busy. */
function gradeAndTime(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve) => {
    const runTests = document.querySelector<HTMLButtonElement>('[data-workbench] [data-action="test"]')!;
    let t0 = 0;
    const observer = new MutationObserver((records) => {
      if (records.some((r) => r.oldValue === 'true') && runTests.getAttribute('aria-busy') === 'false') {
        observer.disconnect();
        resolve(performance.now() - t0);
      }
    });
    observer.observe(runTests, { attributes: true, attributeFilter: ['aria-busy'], attributeOldValue: true });
    t0 = performance.now();
    runTests.click();
  }));
}

export async function measureWorkbench(browser: Browser, baseUrl: string, opens: number): Promise<string> {
  const cold = { editor: [] as number[], ready: [] as number[] };
  const warm = { editor: [] as number[], ready: [] as number[] };
  const verdicts: number[] = [];
  const settledVerdicts: number[] = [];
  const waits: number[] = [];
  let lazyJs = 0;
  const lesson = new URL('config/', baseUrl).href;
  for (let i = 0; i < opens; i++) {
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
    // Opened by the button only, never by scrolling, so every run starts at the same moment.
    await context.addInitScript(() => delete (window as { IntersectionObserver?: unknown }).IntersectionObserver);
    const page = await context.newPage();
    await page.goto(lesson, { waitUntil: 'networkidle' });
    const sizes: Promise<number>[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') sizes.push(r.body().then((b) => gzipSync(b).length, () => 0));
    });
    const first = await openAndTime(page);
    cold.editor.push(first.editor);
    cold.ready.push(first.ready);
    verdicts.push(await gradeAndTime(page));
    waits.push(await waitForQuietBrowser(chromiumExecutable() ?? chromium.executablePath()));
    settledVerdicts.push(await gradeAndTime(page));
    if (i === 0) lazyJs = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    page.removeAllListeners('response');
    await page.reload({ waitUntil: 'networkidle' });
    const again = await openAndTime(page);
    warm.editor.push(again.editor);
    warm.ready.push(again.ready);
    verdicts.push(await gradeAndTime(page));
    await context.close();
  }
  return [
    'workbench (Server sandbox, loopback, /config/, from pressing "Open the workbench"):',
    `  editable editor, cold cache: ${spread(cold.editor)}`,
    `  editable editor, warm cache: ${spread(warm.editor)}`,
    `  Run tests usable, cold cache: ${spread(cold.ready)}`,
    `  Run tests usable, warm cache: ${spread(warm.ready)}`,
    `  JavaScript fetched on opening (first cold run): ${kb(lazyJs)} gzipped`,
    `  Run tests click → verdict shown (starter code), right after opening: ${spread(verdicts)} — ${percentOf(median(verdicts), VERDICT_BUDGET_MS)}`,
    `  … once the browser is quiet (it was busy for ${spread(waits)} more): ${spread(settledVerdicts)} — ${percentOf(median(settledVerdicts), VERDICT_BUDGET_MS)}`,
  ].join('\n');
}
