import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { FIRST_LOAD_JS_GZ } from '../unit/budgets/budgets.ts';
import {
  editorText, openFile, openWorkbench, results, rows, runTests, terminal, typeInto, withoutAutoOpen, workbench,
} from './workbench-page.ts';

// The workbench against `npm start`: the Server sandbox grades with the real hidden tests of exercises/config.
// Each test gets a fresh browser context, so storage starts empty.

const FIXED_CONFIG = [
  "const required = ['DATABASE_URL', 'MAIL_API_URL', 'MAIL_API_KEY'];",
  'const missing = required.filter((name) => !process.env[name]);',
  "if (missing.length > 0) { console.error('Missing environment variables: ' + missing.join(', ')); process.exit(1); }",
  "export const config = { port: Number(process.env.PORT) || 3000, databaseUrl: process.env.DATABASE_URL, mail: { apiUrl: process.env.MAIL_API_URL, apiKey: process.env.MAIL_API_KEY, from: 'orders@brewhouse.example' } };",
];

test('fail, fix with the keyboard, pass, reload, reset and compare with the solution', async ({ page }) => {
  test.setTimeout(120_000);
  await withoutAutoOpen(page);
  await page.goto('/config/');
  await page.getByRole('button', { name: 'Open the workbench' }).click();
  await expect(workbench(page)).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
  await expect(workbench(page)).toHaveAttribute('data-sandbox', 'server', { timeout: 20_000 });
  // The hidden tests never show up as files.
  await expect(page.locator('[data-wb-files]')).not.toContainText('.grading');
  await expect(page.locator('[data-wb-files]')).not.toContainText('test.mjs');

  await runTests(page).click();
  await expect(rows(page)).toHaveCount(5, { timeout: 30_000 });
  await expect(results(page)).toBeFocused();
  await expect(page.locator('[data-wb-results-summary]')).toHaveText(/0 of 5 tests pass/);
  const first = rows(page).first();
  await expect(first).toHaveAttribute('data-status', 'fail');
  await expect(first.locator('details')).toHaveAttribute('open', '');
  await expect(first.locator('.wb-result-message')).toContainText('DATABASE_URL');
  await expect(first.locator('.wb-result-hint')).not.toBeEmpty();
  await expect(rows(page).nth(1).locator('details')).not.toHaveAttribute('open', '');

  await openFile(page, 'config.js');
  await typeInto(page, FIXED_CONFIG);
  await page.getByRole('button', { name: 'New file' }).click();
  await page.getByRole('textbox', { name: 'File name' }).fill('.env.example');
  await page.keyboard.press('Enter');
  await expect(page.locator('.wb-tab[data-active="true"] .wb-tab-name')).toHaveText('.env.example');
  await typeInto(page, ['DATABASE_URL=', 'MAIL_API_URL=', 'MAIL_API_KEY=', 'PORT=']);

  await page.keyboard.press('ControlOrMeta+Enter'); // from inside the editor
  await expect(page.locator('[data-wb-results-summary]')).toHaveText('All 5 tests pass. Exercise complete.', { timeout: 30_000 });
  await expect(page.locator('.wb-celebration')).toContainText('marked complete');
  const sidebarLink = page.getByRole('navigation', { name: 'Lessons' }).locator('a[href="/config/"]');
  await expect(sidebarLink.locator('.done-mark')).toBeVisible();

  await page.reload();
  await expect(sidebarLink.locator('.done-mark')).toBeVisible();
  await page.getByRole('button', { name: 'Open the workbench' }).click();
  await expect(workbench(page)).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
  await expect(page.locator('[data-wb-results-summary]')).toHaveText('All 5 tests pass. Exercise complete.');
  await openFile(page, 'config.js');
  await expect(editorText(page)).toContainText('process.env.MAIL_API_KEY');
  await expect(page.locator('[data-wb-files]')).toContainText('.env.example');

  // The solution opens beside the learner's code and leaves it untouched.
  await page.getByRole('button', { name: 'Solution' }).click();
  await expect(page.locator('[data-wb-diff] .monaco-diff-editor')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('[data-wb-diff]')).toContainText('reference solution');
  await page.getByRole('button', { name: 'Back to my code' }).click();
  await expect(editorText(page)).toContainText("const required = ['DATABASE_URL'");

  // Reset asks first; cancelling keeps everything.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('dialog')).toContainText('Reset to the starter code?');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(editorText(page)).toContainText("const required = ['DATABASE_URL'");
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reset my code' }).click();
  await expect(editorText(page)).toContainText('s3cr3t-beans');
  await expect(page.locator('[data-wb-files]')).not.toContainText('.env.example');
  // …and the learner's code can come back.
  await page.getByRole('button', { name: 'Undo reset' }).click();
  await openFile(page, 'config.js');
  await expect(editorText(page)).toContainText("const required = ['DATABASE_URL'");
});

test('a learner\'s endless loop ends with a clear timeout, and the next Run tests works', async ({ page }) => {
  test.setTimeout(120_000);
  await openWorkbench(page);
  await openFile(page, 'config.js');
  await page.locator('[data-wb-editor] .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('while (true) {}');
  await page.keyboard.press('Enter');
  await runTests(page).click();
  await expect(results(page)).toBeVisible({ timeout: 60_000 });
  await expect(results(page)).toContainText(/did not (finish|start)|within|timed out/i);
  await expect(results(page)).toContainText(/\d+(\.\d)? s/);

  // Run shows the same thing from the app's side and can be stopped.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(await terminal(page)).toContainText('The app was stopped.', { timeout: 10_000 });

  await page.locator('[data-wb-editor] .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Delete');
  await runTests(page).click();
  await expect(page.locator('[data-wb-results-summary]')).toHaveText(/0 of 5 tests pass/, { timeout: 60_000 });
  await expect(rows(page).first().locator('.wb-result-message')).toContainText('DATABASE_URL');
});

test('Run starts the app, streams its output to the terminal, and Stop ends it', async ({ page }) => {
  await openWorkbench(page);
  await page.getByText('Environment for Run').click();
  await page.getByRole('textbox', { name: /NAME=value/ }).fill('GREETING=hello');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(await terminal(page)).toContainText('listening on port', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(await terminal(page)).toContainText('The app was stopped.');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
});

test('keyboard only: every control is reachable and works, and Escape leaves the editor', async ({ page }) => {
  test.setTimeout(90_000);
  await withoutAutoOpen(page);
  await page.goto('/config/');
  const open = page.getByRole('button', { name: 'Open the workbench' });
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(workbench(page)).toHaveAttribute('data-sandbox', 'server', { timeout: 20_000 });
  await expect(workbench(page)).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });

  // Walk the workbench with Tab, from its first control, and collect what receives focus.
  await page.getByRole('button', { name: 'Run', exact: true }).focus();
  const reached = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el?.closest('[data-workbench]')) return 'outside';
      if (el.closest('.monaco-editor')) return 'editor';
      const visible = el.cloneNode(true) as HTMLElement;
      for (const hidden of visible.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
      return el.getAttribute('aria-label') ?? (visible.textContent?.trim().replace(/\s+/g, ' ') || el.tagName);
    });
    if (name === 'editor') {
      reached.add('editor');
      await page.keyboard.press('Escape'); // leaves the editor…
      await expect(page.locator('[data-wb-editor-help]')).toBeFocused();
    } else {
      reached.add(name);
      if (name === 'outside') break;
    }
    await page.keyboard.press('Tab'); // …and Tab goes on past it
  }
  for (const control of ['Run', 'Run tests', 'Hint', 'Solution', 'Reset', 'Download my work', 'Import', 'Expand',
    'New file', 'config.js', 'Delete config.js', 'server.js', 'Close server.js', 'editor', 'Environment for Run']) {
    expect([...reached], `Tab reaches ${control}`).toContain(control);
  }

  // Operate with keys only: Run tests with Enter; focus moves to the results.
  await runTests(page).focus();
  await page.keyboard.press('Enter');
  await expect(rows(page)).toHaveCount(5, { timeout: 30_000 });
  await expect(results(page)).toBeFocused();
  // A row opens and closes with Enter.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(rows(page).first().locator('details')).not.toHaveAttribute('open', '');

  // Hint, progressively.
  await page.getByRole('button', { name: 'Hint' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-wb-hints-list] li')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-wb-hints-list] li')).toHaveCount(2);

  // The dialog: Escape cancels and focus returns; Enter confirms.
  await page.getByRole('button', { name: 'Reset' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Reset' })).toBeFocused();

  // In the editor, Ctrl+Enter runs the tests and Escape leaves.
  await page.locator('[data-wb-editor] .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(runTests(page)).toHaveAttribute('aria-busy', 'true');
  await expect(runTests(page)).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  await page.locator('[data-wb-editor] .view-lines').click();
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-wb-editor-help]')).toBeFocused();
});

// What the browser really fetches, dynamic imports run at load included; tests/unit/budgets/page-weight.build.test.ts
// checks every page's static module graph in the build against the same budget.
test('before the workbench opens a lesson page ships at most 40 KB of gzipped JavaScript', async ({ page }) => {
  const pending: Promise<{ url: string; gz: number }>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    pending.push(response.body().catch(() => Buffer.alloc(0)).then((body) => ({ url: response.url(), gz: gzipSync(body).length })));
  });
  await page.goto('/config/', { waitUntil: 'networkidle' });
  const scripts = await Promise.all(pending);
  const total = scripts.reduce((sum, s) => sum + s.gz, 0);
  test.info().annotations.push({ type: 'lesson JS (gz bytes)', description: String(total) });
  expect(total, scripts.map((s) => `${s.url} ${s.gz}`).join('\n')).toBeLessThanOrEqual(FIRST_LOAD_JS_GZ.lesson);
  expect(scripts.some((s) => /editor\.api|monaco|xterm|webcontainer|workbench\./.test(s.url))).toBe(false);
  await expect(page.locator('[data-wb-app]')).toBeHidden();
});

test.describe('without a sandbox', () => {
  // A static host without the isolation headers and without the API, in a browser where the isolation service
  // worker cannot help either: the server probe fails and WebContainer cannot boot in a non-isolated page.
  test.use({ serviceWorkers: 'block' });

  test('the learner is told what to do and can still download the code', async ({ page }) => {
    await page.route('**/api/health', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.route('**/config/', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-embedder-policy'];
      delete headers['cross-origin-opener-policy'];
      await route.fulfill({ response, headers });
    });
    await page.goto('/config/');
    await page.locator('#exercise-heading').scrollIntoViewIfNeeded();
    await expect(workbench(page)).toHaveAttribute('data-sandbox', 'unavailable', { timeout: 20_000 });
    const alert = page.locator('[data-wb-alert]');
    await expect(alert).toContainText('Your code cannot run here right now');
    await expect(alert).toContainText('cross-origin isolated');
    await expect(runTests(page)).toBeDisabled();
    await expect(workbench(page)).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
    const download = page.waitForEvent('download');
    await alert.getByRole('button', { name: 'Download my work' }).click();
    const file = await (await download).path();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ format: 'twelve-factor-lab/submission', version: 1, courseId: 'twelve-factor-lab' });
    expect(Object.keys(saved.exercises)).toEqual(['config']);
    expect(Object.keys(saved.exercises.config.files)).toContain('config.js');
  });
});

test('with storage blocked the workbench keeps working in memory and says so', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get: () => { throw new DOMException('blocked', 'SecurityError'); } });
  });
  await openWorkbench(page);
  await expect(page.locator('#storage-warning')).toBeVisible();
  await runTests(page).click();
  await expect(rows(page)).toHaveCount(5, { timeout: 30_000 });
});
