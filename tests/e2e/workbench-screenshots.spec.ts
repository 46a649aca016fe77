import { expect, test, type Page } from '@playwright/test';

// Screenshots of the workbench in each state, light and dark, for people to look at (not compared to
// baselines). Opt-in: WORKBENCH_SCREENSHOTS=1 npx playwright test tests/e2e/workbench-screenshots.spec.ts
// Files land in test-results/workbench-screenshots/.

test.skip(!process.env.WORKBENCH_SCREENSHOTS, 'set WORKBENCH_SCREENSHOTS=1 to take workbench screenshots');

const OUT = 'test-results/workbench-screenshots';

async function shoot(page: Page, name: string): Promise<void> {
  await page.locator('[data-workbench]').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300); // let Monaco and xterm paint
  await page.locator('[data-workbench]').screenshot({ path: `${OUT}/${name}.png` });
}

async function open(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.goto('/config/');
  // The sticky header would sit on top of element screenshots.
  await page.addStyleTag({ content: '.site-header { position: static !important; }' });
  await page.locator('#exercise-heading').scrollIntoViewIfNeeded();
}

for (const theme of ['light', 'dark'] as const) {
  test(`workbench states, ${theme}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 1000 });
    // Loading: hold Monaco back for a moment.
    await page.route('**/_astro/editor.api*.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await open(page, theme);
    await expect(page.locator('[data-workbench]')).toHaveAttribute('data-state', /loading|open/);
    await page.locator('[data-workbench]').screenshot({ path: `${OUT}/loading-${theme}.png` });
    await expect(page.locator('[data-workbench]')).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
    await expect(page.locator('[data-workbench]')).toHaveAttribute('data-sandbox', 'server');
    await shoot(page, `ready-${theme}`);

    await page.locator('[data-action="test"]').click();
    await expect(page.locator('[data-wb-results-list] > li')).toHaveCount(5, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Hint' }).click();
    await shoot(page, `failing-${theme}`);

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
    await page.waitForTimeout(1500);
    await page.locator('.wb-lower').screenshot({ path: `${OUT}/running-${theme}.png` });
    await page.getByRole('button', { name: 'Stop' }).click();

    // Passing: the reference solution's files, imported the way a learner would bring in saved work.
    const solution = await (await page.request.get('/exercises/config/solution.json')).json();
    const file = { format: 'twelve-factor-lab/submission', version: 1, courseId: 'twelve-factor-lab', exportedAt: new Date().toISOString(), exercises: { config: { files: solution.files } } };
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import' }).click();
    await (await chooser).setFiles({ name: 'my-work.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    await page.locator('[data-action="test"]').click();
    await expect(page.locator('[data-wb-results-summary]')).toHaveText(/All 5 tests pass/, { timeout: 30_000 });
    await shoot(page, `passing-${theme}`);

    await page.getByRole('button', { name: 'Solution' }).click();
    await expect(page.locator('[data-wb-diff] .monaco-diff-editor')).toBeVisible();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${OUT}/solution-${theme}.png` });
    await page.getByRole('button', { name: 'Back to my code' }).click();

    await page.getByRole('button', { name: 'Reset' }).click();
    await page.locator('[data-wb-dialog]').screenshot({ path: `${OUT}/dialog-${theme}.png` });
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 390, height: 900 });
    await shoot(page, `narrow-${theme}`);
  });

  test(`workbench boot failure, ${theme}`, async ({ browser }) => {
    // No isolation service worker either: the page stays non-isolated, so WebContainer cannot boot.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.route('**/api/health', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.route('**/config/', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-embedder-policy'];
      delete headers['cross-origin-opener-policy'];
      await route.fulfill({ response, headers });
    });
    await open(page, theme);
    await expect(page.locator('[data-workbench]')).toHaveAttribute('data-sandbox', 'unavailable', { timeout: 20_000 });
    await expect(page.locator('[data-workbench]')).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
    await shoot(page, `boot-failure-${theme}`);
    await context.close();
  });
}
