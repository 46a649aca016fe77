import { expect, test } from '@playwright/test';

test('answering a quiz shows every explanation and is remembered after reload', async ({ page }) => {
  await page.goto('/config/');
  const quiz = page.locator('tf-quiz');
  const first = quiz.locator('.quiz-question').first();
  await expect(first.locator('.quiz-explain').first()).toBeHidden();
  const wrong = first.locator('.quiz-option[data-correct="false"]').first();
  await wrong.locator('input').check();
  await first.getByRole('button', { name: /^Check/ }).click();
  for (const explain of await first.locator('.quiz-explain').all()) await expect(explain).toBeVisible();
  await expect(first.locator('.quiz-feedback')).toContainText('Not quite');
  await expect(quiz.locator('.quiz-score')).toContainText('0 of');

  await page.reload();
  const again = page.locator('tf-quiz .quiz-question').first();
  await expect(again).toHaveClass(/answered/);
  await expect(again.locator('.quiz-option.chosen')).toHaveAttribute('data-correct', 'false');
  await expect(again.locator('.quiz-explain').first()).toBeVisible();

  await page.getByRole('button', { name: 'Try the quiz again' }).click();
  await expect(page.locator('tf-quiz .quiz-question').first()).not.toHaveClass(/answered/);
});

test('without JavaScript the quiz reads as a list with the answers behind a disclosure', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/config/');
  const first = page.locator('.quiz-question').first();
  await expect(first.locator('legend')).toBeVisible();
  await expect(first.locator('.quiz-option').first()).toBeVisible();
  await first.getByText('Show the answer').click();
  await expect(first.locator('.quiz-static-answer')).toContainText('✓ Correct');
  await context.close();
});

test('checklist ticks persist across reloads', async ({ page }) => {
  await page.goto('/checklist/');
  const rows = page.locator('tf-checklist tbody tr');
  await expect(rows).toHaveCount(12);
  await page.getByRole('checkbox', { name: /Config holds/ }).check();
  await page.getByRole('checkbox', { name: /Logs holds/ }).check();
  await expect(page.locator('.checklist-count')).toHaveText('2 of 12 factors hold.');
  await page.reload();
  await expect(page.getByRole('checkbox', { name: /Config holds/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /Logs holds/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /Codebase holds/ })).not.toBeChecked();
});

test('a lesson without an exercise is marked complete on the home grid once its quiz is answered', async ({ page }) => {
  await page.goto('/telemetry/');
  const questions = page.locator('tf-quiz .quiz-question');
  for (let i = 0; i < (await questions.count()); i++) {
    await questions.nth(i).locator('.quiz-option[data-correct="true"] input').check();
    await questions.nth(i).getByRole('button', { name: /^Check/ }).click();
  }
  await expect(page.locator('tf-quiz .quiz-score')).toContainText('right.');
  await page.goto('/');
  await expect(page.locator('.extra-card[data-progress-slug="telemetry"]')).toHaveClass(/is-complete/);
});
