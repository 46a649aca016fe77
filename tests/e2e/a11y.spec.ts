import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

// Accessibility (DESIGN.md "Budgets": axe finds 0 violations on home, lesson, checklist, light and dark).
// axe runs every rule it has (WCAG 2.2 A/AA and best practices), over the real build served by `npm start`.

const themes = ['light', 'dark'] as const;

/** axe's violations, one readable line per failing element, so a failure says what to fix and where. */
async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.flatMap((v) => v.nodes.map((node) =>
    `${v.id} (${v.impact}): ${v.help} — ${node.target.join(' ')}\n    ${node.failureSummary?.replace(/\n/g, '\n    ') ?? ''}`));
}

/** The lesson's workbench, open on the Server sandbox, after Run tests has shown its results. */
async function openWorkbenchWithResults(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole('button', { name: 'Open the workbench' }).click();
  const workbench = page.locator('[data-workbench]');
  await expect(workbench).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
  await expect(workbench).toHaveAttribute('data-sandbox', 'server', { timeout: 20_000 });
  await page.locator('[data-action="test"]').click();
  await expect(page.locator('[data-wb-results-list] > li').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-action="test"]')).toHaveAttribute('aria-busy', 'false');
}

for (const theme of themes) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme });

    for (const [name, path] of [['home', '/'], ['checklist', '/checklist/'], ['capstone', '/capstone/']] as const) {
      test(`axe: no violations on ${name}`, async ({ page }) => {
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        expect(await axeViolations(page)).toEqual([]);
      });
    }

    test('axe: no violations on a lesson with the workbench open and test results shown', async ({ page }) => {
      test.setTimeout(60_000);
      await openWorkbenchWithResults(page, '/config/');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}
