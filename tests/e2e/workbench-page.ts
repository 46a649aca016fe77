// The workbench on a lesson page, as the browser tests drive it: where its parts are and how a learner gets
// to them. Shared by the workbench specs.
import { expect, type Page } from '@playwright/test';

export const workbench = (page: Page) => page.locator('[data-workbench]');
export const results = (page: Page) => page.locator('[data-wb-results]');
export const rows = (page: Page) => page.locator('[data-wb-results-list] > li');
export const editorText = (page: Page) => page.locator('[data-wb-editor] .view-lines');
// Its name changes to "Running tests…" while busy.
export const runTests = (page: Page) => page.locator('[data-action="test"]');
/** xterm stops painting while it is scrolled out of view, so look at it the way a learner would. */
export async function terminal(page: Page) {
  const locator = page.locator('[data-wb-terminal]');
  await locator.scrollIntoViewIfNeeded();
  return locator;
}

/** Scrolling to the exercise opens the workbench by itself (that is how most learners get there). */
export async function openWorkbench(page: Page): Promise<void> {
  await page.goto('/config/');
  await page.locator('#exercise-heading').scrollIntoViewIfNeeded();
  await expect(workbench(page)).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
  await expect(workbench(page)).toHaveAttribute('data-sandbox', 'server', { timeout: 20_000 });
}

/** Without IntersectionObserver (old browsers, or a learner who never scrolls) the button opens it. */
export async function withoutAutoOpen(page: Page): Promise<void> {
  await page.addInitScript(() => {
    delete (window as { IntersectionObserver?: unknown }).IntersectionObserver;
  });
}

export async function openFile(page: Page, path: string): Promise<void> {
  await page.locator('[data-wb-files]').getByRole('button', { name: path, exact: true }).click();
  await expect(page.locator('.wb-tab[data-active="true"] .wb-tab-name')).toHaveText(path);
}

/** Replaces the active file's text by typing it, key by key, as a learner would. */
export async function typeInto(page: Page, lines: string[]): Promise<void> {
  await page.locator('[data-wb-editor] .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  for (const line of lines) {
    await page.keyboard.type(line);
    await page.keyboard.press('End'); // leave any auto-closed bracket behind
    await page.keyboard.press('Enter');
  }
}

