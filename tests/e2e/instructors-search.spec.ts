import { expect, test } from '@playwright/test';

// Lesson search in the header (Pagefind, built with the site). Against the default build served by npm start.

test('typing in the header search finds SIGTERM in the disposability lesson', async ({ page }) => {
  const pagefindRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/pagefind/')) pagefindRequests.push(request.url());
  });
  await page.goto('/', { waitUntil: 'networkidle' });
  // Nothing of Pagefind loads with the page: its bundle and index wait for the first use of the box.
  expect(pagefindRequests).toEqual([]);

  const box = page.getByRole('searchbox', { name: 'Search the lessons' });
  await box.fill('SIGTERM');
  const results = page.getByRole('region', { name: 'Search results' });
  const hit = results.locator('a.search-hit[href="/disposability/"]');
  await expect(hit).toBeVisible();
  await expect(hit).toContainText('Disposability');
  await expect(hit.locator('mark').first()).toContainText('SIGTERM');
  await expect(results.getByRole('status')).toContainText('for “SIGTERM”');
  expect(pagefindRequests.some((url) => url.endsWith('/pagefind/pagefind.js'))).toBe(true);

  await hit.click();
  await expect(page).toHaveURL(/\/disposability\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Disposability');
});

test('"/" focuses the search, arrows walk the results, Escape closes them', async ({ page }) => {
  await page.goto('/config/');
  await page.keyboard.press('/');
  const box = page.getByRole('searchbox', { name: 'Search the lessons' });
  await expect(box).toBeFocused();
  await expect(box).toHaveValue(''); // the slash is a shortcut, not a character

  await page.keyboard.type('SIGTERM');
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.locator('a.search-hit').first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(results.locator('a').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(results.locator('a').nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(box).toBeFocused();

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  await expect(results).toBeHidden();
  await expect(box).toBeFocused();

  // Enter in the box opens the best match.
  await page.keyboard.type(' ');
  await expect(results.locator('a.search-hit').first()).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/disposability\/$/);
});

test('"/" types a slash in text fields instead of jumping to the search', async ({ page }) => {
  await page.goto('/config/');
  const box = page.getByRole('searchbox', { name: 'Search the lessons' });
  await box.fill('a');
  await box.press('/');
  await expect(box).toHaveValue('a/');
});

test('a search with no match says so', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Search the lessons' }).fill('qqzzvv');
  await expect(page.getByRole('region', { name: 'Search results' }).getByRole('status')).toHaveText('No lesson mentions “qqzzvv”.');
});

test('at 360 px the search opens over the header and its results fit the screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/disposability/');
  const box = page.getByRole('searchbox', { name: 'Search the lessons' });
  await box.click();
  await box.fill('SIGTERM');
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.locator('a.search-hit').first()).toBeVisible();
  for (const element of [box, results]) {
    const rect = (await element.boundingBox())!;
    expect(rect.x).toBeGreaterThanOrEqual(0);
    expect(rect.x + rect.width).toBeLessThanOrEqual(360);
    expect(rect.width).toBeGreaterThan(300);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
