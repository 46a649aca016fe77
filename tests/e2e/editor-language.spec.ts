import { expect, test } from '@playwright/test';
import { editorText, openWorkbench } from './workbench-page.ts';

// The editor's workers (the TypeScript one is a 7 MB script that keeps a core busy for seconds) start when the
// learner first uses the editor, not when the workbench opens, so a Run tests pressed right after opening has the
// machine to itself; once started, completion works as before.

test('the editor workers wait until the editor is used, and completion works once they run', async ({ page }) => {
  test.setTimeout(60_000); // opening, a pause, and the 7 MB worker's first answer, on a machine running other tests
  const workerScripts: string[] = [];
  page.on('request', (request) => {
    if (/\/(ts|json|editor)\.worker[^/]*\.js/.test(request.url())) workerScripts.push(new URL(request.url()).pathname);
  });
  await openWorkbench(page);
  // Monaco used to fetch them while the editor was still painting; give it well over that time.
  await page.waitForTimeout(1500);
  expect(workerScripts, 'editor workers were fetched before anyone used the editor').toEqual([]);

  await editorText(page).click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('process.en');
  await page.keyboard.press('Control+Space');
  // The first answer waits for the worker to load and read the project: seconds on a busy machine. (Asking again
  // meanwhile would only restart the request; Escape would leave the editor.)
  await expect(page.getByRole('option', { name: /^env\b/ })).toBeVisible({ timeout: 20_000 });
  expect(workerScripts.some((script) => script.includes('/ts.worker'))).toBe(true);
});
