import { expect, test } from '@playwright/test';

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
