import { expect, test } from '@playwright/test';
import { withoutAutoOpen, workbench } from './workbench-page.ts';

test('a skip link, second after "Skip to content", takes the keyboard to the exercise', async ({ page }) => {
  await page.goto('/config/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the exercise' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#exercise$/);
  await expect(page.locator('#exercise-heading')).toBeInViewport();
  // The next Tab starts from the exercise, not from the top of the page.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.getElementById('exercise')?.contains(document.activeElement) ?? false)).toBe(true);
});

test('a lesson without an exercise has no skip link to one', async ({ page }) => {
  await page.goto('/telemetry/');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeAttached();
  await expect(page.getByRole('link', { name: 'Skip to the exercise' })).toHaveCount(0);
});

test('opening a file from the Files list with Enter or Space keeps focus on that file', async ({ page }) => {
  test.setTimeout(60_000);
  await withoutAutoOpen(page);
  await page.goto('/config/');
  await page.getByRole('button', { name: 'Open the workbench' }).click();
  await expect(workbench(page)).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
  const files = page.locator('[data-wb-files]');
  const activeTab = page.locator('.wb-tab[data-active="true"] .wb-tab-name');

  await files.getByRole('button', { name: 'db.js', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(activeTab).toHaveText('db.js');
  await expect(files.getByRole('button', { name: 'db.js', exact: true })).toBeFocused();

  // Tab onwards from there, and Space opens the next file the same way.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(files.getByRole('button', { name: 'mailer.js', exact: true })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(activeTab).toHaveText('mailer.js');
  await expect(files.getByRole('button', { name: 'mailer.js', exact: true })).toBeFocused();
});

test('Ctrl+Enter in the editor runs the tests and leaves focus in the editor; the verdict is announced', async ({ page }) => {
  test.setTimeout(90_000);
  await withoutAutoOpen(page);
  await page.goto('/config/');
  await page.getByRole('button', { name: 'Open the workbench' }).click();
  await expect(workbench(page)).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
  await expect(workbench(page)).toHaveAttribute('data-sandbox', 'server', { timeout: 20_000 });
  await page.locator('[data-wb-editor] .view-lines').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('[data-wb-results-list] > li')).toHaveCount(5, { timeout: 30_000 });
  await expect(page.locator('[data-action="test"]')).toHaveAttribute('aria-busy', 'false');
  // The status line is a polite live region: that is what a screen reader says.
  const status = page.locator('[data-wb-status]');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await expect(status).toHaveText(/of 5 tests pass/);
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[data-wb-editor]')))).toBe(true);
  // Typing goes on into the file, not to the page (a "/" used to open the site search).
  await page.keyboard.type('// still typing/');
  await expect(page.locator('[data-wb-editor] .view-lines')).toContainText('// still typing/');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
