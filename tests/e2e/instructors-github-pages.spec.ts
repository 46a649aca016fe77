import { expect, test } from '@playwright/test';
import { COURSE_COPY, startHeaderlessServer } from './instructors-course-copy.ts';

// GitHub Pages cannot send COOP/COEP. The course copy (BASE_PATH=/course/) served with no headers at all
// must still end up cross-origin isolated, through public/cross-origin-isolation-sw.js, after one reload.

test.use({ serviceWorkers: 'allow' });

let server: Awaited<ReturnType<typeof startHeaderlessServer>>;
test.beforeAll(async () => {
  server = await startHeaderlessServer(COURSE_COPY.dir, COURSE_COPY.env.BASE_PATH);
});
test.afterAll(async () => {
  await server.close();
});

test('without isolation headers the service worker isolates the page after one reload', async ({ page }) => {
  const base = `${server.origin}${COURSE_COPY.env.BASE_PATH}`;
  const loads: string[] = [];
  page.on('load', () => loads.push(page.url()));

  const first = await page.goto(`${base}disposability/`);
  expect(first?.headers()['cross-origin-embedder-policy']).toBeUndefined();
  expect(first?.headers()['cross-origin-opener-policy']).toBeUndefined();

  await expect.poll(() => page.evaluate(() => self.crossOriginIsolated).catch(() => false), { timeout: 15_000 }).toBe(true);
  await page.waitForLoadState('load');
  expect(loads).toEqual([`${base}disposability/`, `${base}disposability/`]);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
  expect(scope).toBe(base);

  // From now on every page of the course is isolated from its first load, without another reload.
  await page.getByRole('navigation', { name: 'Previous and next lesson' }).getByRole('link', { name: /Next/ }).click();
  await expect(page).toHaveURL(`${base}dev-prod-parity/`);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  expect(loads).toHaveLength(3);
});
