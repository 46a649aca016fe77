import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { COURSE_COPY, courseCopyOrigin, linesFoundIn, solutionOnlyLines } from './instructors-course-copy.ts';

// Acceptance for an instructor's copy: BASE_PATH=/course/ COURSE_TITLE="Ops 101" SOLUTIONS=never, built and
// served by `node scripts/start.ts` (the second web server in playwright.config.ts).

const base = COURSE_COPY.env.BASE_PATH;
test.use({ baseURL: courseCopyOrigin });

test('the copy shows its title and every link and asset stays under the prefix', async ({ page }) => {
  const broken: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) broken.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(base);
  await expect(page).toHaveTitle(/Ops 101/);
  await expect(page.locator('.brand-name')).toHaveText('Ops 101');
  const hrefs = await page.locator('a[href^="/"], link[href^="/"], script[src^="/"]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('href') ?? n.getAttribute('src') ?? ''));
  expect(hrefs.length).toBeGreaterThan(20);
  expect(hrefs.filter((href) => !href.startsWith(base))).toEqual([]);

  await page.locator('.factor-grid .factor-card').first().click();
  await expect(page).toHaveURL(`${courseCopyOrigin}${base}codebase/`);
  await expect(page).toHaveTitle(/Codebase · Ops 101/);
  await page.getByRole('navigation', { name: 'Previous and next lesson' }).getByRole('link', { name: /Next/ }).click();
  await expect(page).toHaveURL(`${courseCopyOrigin}${base}dependencies/`);
  expect(broken).toEqual([]);
});

test('search works under the prefix', async ({ page }) => {
  await page.goto(`${base}config/`);
  await page.keyboard.press('/');
  await page.keyboard.type('SIGTERM');
  const hit = page.getByRole('region', { name: 'Search results' }).locator(`a.search-hit[href="${base}disposability/"]`);
  await expect(hit).toBeVisible();
  await hit.click();
  await expect(page).toHaveURL(`${courseCopyOrigin}${base}disposability/`);
});

test('the workbench grades under the prefix and offers no solution', async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.goto(`${base}config/`);
  await expect(page.locator('html')).toHaveAttribute('data-solutions', 'never');
  // Scrolling to the exercise opens the workbench; clicking its button raced that auto-open (the button
  // hides while Playwright waits to click it), so open it the way a reader does.
  await page.locator('#exercise-heading').scrollIntoViewIfNeeded();
  const workbench = page.locator('[data-workbench]');
  await expect(workbench).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
  await expect(workbench).toHaveAttribute('data-sandbox', 'server', { timeout: 10_000 });
  await page.locator('[data-action="test"]').click();
  await expect(page.locator('[data-wb-results-list] > li').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-wb-results-summary]')).not.toBeEmpty();
  await expect(page.locator('[data-action="solution"]')).toBeHidden();
  await expect(page.getByRole('button', { name: /solution/i })).toHaveCount(0);

  expect((await request.get(`${base}exercises/config/solution.json`)).status()).toBe(404);
  expect((await request.get(`${base}api/health`)).ok()).toBe(true);
});

test('no reference solution is anywhere in the built copy', () => {
  const lines = solutionOnlyLines();
  expect(lines.length).toBeGreaterThan(10);
  expect(linesFoundIn(COURSE_COPY.dir, lines)).toEqual([]);
  // The check can see solutions where they are: the default build (SOLUTIONS=after-pass) ships them.
  const stamp = 'dist/.course-build.json';
  if (existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).settings.SOLUTIONS !== 'never') {
    expect(linesFoundIn('dist', lines).length).toBeGreaterThan(0);
  }
});
