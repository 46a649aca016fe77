import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

// What course-store.ts keys a learner's values by on the default course (COURSE_ID twelve-factor-lab).
const stored = (name: string) => `tfl:twelve-factor-lab:${name}`;

/** Gives the learner a known shuffle seed (and optionally old answers) before the page's scripts run. */
async function asLearner(page: Page, seed: string, answers?: Record<string, number>): Promise<void> {
  await page.addInitScript(({ seedKey, seed, answersKey, answers }) => {
    localStorage.setItem(seedKey, JSON.stringify(seed));
    if (answers && localStorage.getItem(answersKey) === null) localStorage.setItem(answersKey, JSON.stringify(answers));
  }, { seedKey: stored('quiz-seed'), seed, answersKey: stored('quiz:config'), answers });
}

/** Each question's options as shown, by their index in the source (the radio's value). */
async function shownOrder(page: Page): Promise<string[][]> {
  return page.locator('tf-quiz.enhanced .quiz-question').evaluateAll((questions) =>
    questions.map((q) => [...q.querySelectorAll('.quiz-option input')].map((input) => (input as HTMLInputElement).value)));
}

test('each learner sees the options in an order of their own, the same after a reload', async ({ page, browser }) => {
  await asLearner(page, 'learner-one');
  await page.goto('/config/');
  const order = await shownOrder(page);
  expect(order.length).toBeGreaterThan(2);
  const firstIsCorrect = await page.locator('tf-quiz .quiz-question').evaluateAll((questions) =>
    questions.map((q) => q.querySelector('.quiz-option')?.getAttribute('data-correct') === 'true'));
  expect(firstIsCorrect).toContain(false);

  await page.reload();
  expect(await shownOrder(page)).toEqual(order);

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await asLearner(otherPage, 'learner-two');
  await otherPage.goto('/config/');
  expect(await shownOrder(otherPage)).not.toEqual(order);
  await other.close();
});

test('a new learner gets a seed of their own, kept with their progress', async ({ page }) => {
  await page.goto('/config/');
  await expect(page.locator('tf-quiz.enhanced')).toBeVisible();
  const seed = await page.evaluate((key) => localStorage.getItem(key), stored('quiz-seed'));
  expect(JSON.parse(seed ?? 'null')).toMatch(/^[0-9a-f]{16}$/);
  const order = await shownOrder(page);
  await page.reload();
  expect(await shownOrder(page)).toEqual(order);
});

test('arrow keys only move the selection; Check grades; one question can be retried alone', async ({ page }) => {
  await asLearner(page, 'learner-one');
  await page.goto('/config/');
  const questions = page.locator('tf-quiz.enhanced .quiz-question');
  const first = questions.nth(0);
  const second = questions.nth(1);

  await first.locator('input[type=radio]').first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(first.locator('input[type=radio]').nth(2)).toBeChecked();
  await expect(first).not.toHaveClass(/answered/);
  await expect(first.locator('.quiz-explain').first()).toBeHidden();
  await expect(page.locator('tf-quiz .quiz-score')).toHaveText('');

  // Check with nothing chosen says what to do instead of grading.
  await second.getByRole('button', { name: 'Check question 2' }).click();
  await expect(second.locator('.quiz-feedback')).toHaveText(/Pick an answer first/);
  await expect(second).not.toHaveClass(/answered/);

  await first.getByRole('button', { name: 'Check question 1' }).click();
  await expect(first).toHaveClass(/answered/);
  await expect(first.getByRole('button', { name: 'Try again question 1' })).toBeFocused();
  await second.locator('.quiz-option[data-correct="true"] input').check();
  await second.getByRole('button', { name: 'Check question 2' }).press('Enter');
  await expect(second).toHaveClass(/answered right/);

  await first.getByRole('button', { name: 'Try again question 1' }).click();
  await expect(first).not.toHaveClass(/answered/);
  await expect(first.locator('input[type=radio]:checked')).toHaveCount(0);
  await expect(first.locator('input[type=radio]').first()).toBeFocused();
  await expect(second).toHaveClass(/answered right/);
  const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}'), stored('quiz:config'));
  expect(Object.keys(saved)).toEqual(['1']);

  await page.reload();
  await expect(questions.nth(0)).not.toHaveClass(/answered/);
  await expect(questions.nth(1)).toHaveClass(/answered right/);
});

test('answers stored before the shuffle (question index to source option index) still show as given', async ({ page }) => {
  await asLearner(page, 'learner-one', { 0: 1, 2: 0 });
  await page.goto('/config/');
  const questions = page.locator('tf-quiz.enhanced .quiz-question');
  await expect(questions.nth(0)).toHaveClass(/answered/);
  await expect(questions.nth(0).locator('.quiz-option.chosen input')).toHaveValue('1');
  await expect(questions.nth(0).locator('.quiz-option.chosen input')).toBeChecked();
  await expect(questions.nth(1)).not.toHaveClass(/answered/);
  await expect(questions.nth(2).locator('.quiz-option.chosen input')).toHaveValue('0');
  const total = await questions.count();
  const right = await questions.locator('.quiz-option.chosen[data-correct="true"]').count();
  await expect(page.locator('tf-quiz .quiz-score')).toHaveText(`${right} of ${total} right — ${total - 2} to go`);
});

test.describe('with answered, pending and failed questions', () => {
  test.use({ colorScheme: 'light' });

  test('axe finds nothing in the quiz, light and dark', async ({ page }) => {
    await asLearner(page, 'learner-one', { 0: 1, 1: 0 });
    await page.goto('/config/');
    const third = page.locator('tf-quiz.enhanced .quiz-question').nth(2);
    await third.getByRole('button', { name: 'Check question 3' }).click();
    await expect(third.locator('.quiz-feedback')).toHaveText(/Pick an answer first/);
    for (const theme of ['light', 'dark']) {
      if (theme === 'dark') await page.getByRole('button', { name: 'Dark theme' }).click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).include('.quiz').analyze();
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), theme).toEqual([]);
    }
  });
});
