import { expect, test } from '@playwright/test';

const factorSlugs = [
  'codebase', 'dependencies', 'config', 'backing-services', 'build-release-run', 'processes',
  'port-binding', 'concurrency', 'disposability', 'dev-prod-parity', 'logs', 'admin-processes',
];

test('home shows the twelve factors in order, each linking to its lesson', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Twelve-Factor');
  const cards = page.locator('.factor-grid .factor-card');
  await expect(cards).toHaveCount(12);
  for (const [i, slug] of factorSlugs.entries()) {
    await expect(cards.nth(i)).toHaveAttribute('href', `/${slug}/`);
    await expect(cards.nth(i).locator('.factor-number')).toHaveText(String(i + 1));
    await expect(cards.nth(i).locator('.factor-principle')).not.toBeEmpty();
  }
});

test('sidebar and previous/next move between lessons', async ({ page }) => {
  await page.goto('/config/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Config');
  const sidebar = page.getByRole('navigation', { name: 'Lessons' });
  await expect(sidebar.locator('a[aria-current="page"]')).toHaveAttribute('href', '/config/');

  await sidebar.getByRole('link', { name: /Logs/ }).click();
  await expect(page).toHaveURL(/\/logs\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Logs');

  const pager = page.getByRole('navigation', { name: 'Previous and next lesson' });
  await pager.getByRole('link', { name: /Next/ }).click();
  await expect(page).toHaveURL(/\/admin-processes\/$/);
  await page.getByRole('navigation', { name: 'Previous and next lesson' }).getByRole('link', { name: /Previous/ }).click();
  await expect(page).toHaveURL(/\/logs\/$/);
});

test('a lesson page served by npm start is cross-origin isolated', async ({ page }) => {
  const response = await page.goto('/config/');
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
});

test('the theme toggle persists across reloads and beats the OS preference', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/config/');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.goto('/');
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('the page follows a dark OS preference when nothing was chosen', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

for (const path of ['/', '/config/', '/checklist/', '/capstone/']) {
  test(`no horizontal scroll at 360 px on ${path}`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}

test('on a narrow screen the lesson list opens from the menu button and closes with Escape', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/config/');
  const menu = page.getByRole('button', { name: 'Lessons' });
  const sidebar = page.getByRole('navigation', { name: 'Lessons' });
  await expect(sidebar).toBeHidden();
  await menu.click();
  await expect(sidebar).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
  await expect(menu).toBeFocused();
});

test('code blocks get a working copy button', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/config/');
  const block = page.locator('.code-block').first();
  await block.hover();
  await block.getByRole('button', { name: 'Copy code to clipboard' }).click();
  await expect(block.getByRole('button', { name: 'Copy code to clipboard' })).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.length).toBeGreaterThan(0);
  expect(await block.locator('pre').innerText()).toContain(copied.split('\n')[0]!);
});

test('Node/Python tabs switch with the keyboard and the choice carries to every tab group', async ({ page }) => {
  await page.goto('/config/');
  const groups = page.locator('tf-tabs.enhanced');
  expect(await groups.count()).toBeGreaterThan(1);
  const first = groups.first();
  await first.getByRole('tab', { name: 'Node' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(first.getByRole('tab', { name: 'Python' })).toHaveAttribute('aria-selected', 'true');
  await expect(groups.nth(1).getByRole('tab', { name: 'Python' })).toHaveAttribute('aria-selected', 'true');
  // From the tab, Tab goes straight into the code (focusable so it can scroll), not to its panel first.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => `${document.activeElement?.tagName} in ${document.activeElement?.closest('[role=tabpanel]')?.getAttribute('aria-labelledby')}`))
    .toBe(`PRE in ${await first.getByRole('tab', { name: 'Python' }).getAttribute('id')}`);
  await page.reload();
  await expect(page.locator('tf-tabs.enhanced').first().getByRole('tab', { name: 'Python' })).toHaveAttribute('aria-selected', 'true');
});
