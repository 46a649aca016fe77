import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

// Accessibility over the real build served by `npm start` (DESIGN.md "Budgets": axe finds 0 violations on home,
// lesson, checklist, light and dark). axe runs every rule it has: WCAG 2.2 A/AA, colour contrast included, and
// its best practices. What axe cannot see — a visible focus indicator on every tab stop, reduced motion, the
// workbench's named panels — is checked directly.

const pages = [['home', '/'], ['checklist', '/checklist/'], ['capstone', '/capstone/']] as const;

/**
 * axe's violations in the page's current state, one paragraph per rule with the first few elements, so a failure
 * says what to fix and where. Legacy mode runs axe inside the page's own frames instead of opening a helper page
 * per run (half the time here); the course has no cross-origin frames, which are all it would miss.
 */
async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return violations.map((v) => [
    `${v.id} (${v.impact}) on ${v.nodes.length} element(s): ${v.help}`,
    ...v.nodes.slice(0, 5).map((node) => `  ${node.target.join(' ')}: ${node.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`),
  ].join('\n'));
}

/** Light, then dark through the site's own toggle (on the open workbench too): one page load checks both. */
async function expectNoViolationsInBothThemes(page: Page): Promise<void> {
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  expectNone(await axeViolations(page), 'axe found, in the light theme');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expectNone(await axeViolations(page), 'axe found, in the dark theme');
}

function expectNone(problems: string[], what: string): void {
  expect(problems.length, `${what}:\n${problems.join('\n')}`).toBe(0);
}

/**
 * The config lesson's workbench, open on the Server sandbox, after Run tests has shown its results. Loading
 * Monaco and grading take seconds on a busy 2-core machine, so tests that come here get more time.
 */
async function openWorkbenchWithResults(page: Page): Promise<void> {
  test.setTimeout(90_000);
  await page.goto('/config/');
  // Scrolling to the exercise opens the workbench, as it does for most learners.
  await page.locator('#exercise-heading').scrollIntoViewIfNeeded();
  const workbench = page.locator('[data-workbench]');
  await expect(workbench).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
  await expect(workbench).toHaveAttribute('data-sandbox', 'server', { timeout: 20_000 });
  await page.locator('[data-action="test"]').click();
  await expect(page.locator('[data-wb-results-list] > li').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-action="test"]')).toHaveAttribute('aria-busy', 'false');
}

/** Keeps the workbench closed until its button is pressed (no scroll-to-open), as in browsers without IntersectionObserver. */
async function withoutAutoOpen(page: Page): Promise<void> {
  await page.addInitScript(() => {
    delete (window as { IntersectionObserver?: unknown }).IntersectionObserver;
  });
}

/**
 * Presses Tab once round the whole page, from wherever focus is, and returns the name of every stop plus the
 * stops whose focus cannot be seen: no outline or ring, or not visible on screen. In the editor Escape leaves
 * (docs/workbench.md), because Tab types a tab there; Monaco's and xterm's own text areas show focus with their
 * cursor instead of a ring. Reduced motion keeps the walk quick: fade-ins (the copy buttons) end at once.
 */
async function walkFocus(page: Page): Promise<{ stops: string[]; unseen: string[] }> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const stops: string[] = [];
  const unseen: string[] = [];
  let leftPage = 0;
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(async () => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return 'outside' as const; // past the last stop; the next Tab starts over
      // Judge focus as it ends up, not a frame of a fade-in: let the focus styles' transitions finish.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await Promise.all(el.getAnimations().map((animation) => animation.finished.catch(() => undefined)));
      const seen = ((window as { focusWalk?: WeakSet<Element> }).focusWalk ??= new WeakSet());
      if (seen.has(el)) return 'again' as const;
      seen.add(el);
      const label = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const name = `${el.tagName.toLowerCase()}${[...el.classList].map((c) => `.${c}`).join('')} "${label}"`;
      if (el.closest('.monaco-editor')) return { name, editor: true, shown: true };
      if (el.closest('.xterm')) return { name, editor: false, shown: true };
      const style = getComputedStyle(el);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
      const box = el.getBoundingClientRect();
      const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
        && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
      if (ring && onScreen) return { name, editor: false, shown: true };
      return { name: `${name}: ${ring ? `off screen (${Math.round(box.top)}–${Math.round(box.bottom)} px)` : 'no outline or ring'}`, editor: false, shown: false };
    });
    if (stop === 'again') break;
    if (stop === 'outside') {
      if (++leftPage > 1) break;
      continue;
    }
    stops.push(stop.name);
    if (!stop.shown) unseen.push(`  ${stop.name}`);
    if (stop.editor) await page.keyboard.press('Escape');
  }
  return { stops, unseen };
}

/** Elements (and their ::before/::after) that still animate or transition for longer than a frame. */
async function moving(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seconds = (list: string) => Math.max(...list.split(',').map((t) => (t.trim().endsWith('ms') ? parseFloat(t) / 1000 : parseFloat(t))));
    const found: string[] = [];
    if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') found.push('html: scroll-behavior smooth');
    for (const el of document.querySelectorAll('body *')) {
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(el, pseudo);
        const animated = style.animationName !== 'none' && seconds(style.animationDuration) > 0.016;
        const transitioned = seconds(style.transitionDuration) > 0.016;
        if (animated || transitioned) found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${pseudo ?? ''}`);
      }
    }
    return found;
  });
}

test.describe('axe', () => {
  test.use({ colorScheme: 'light' });

  for (const [name, path] of pages) {
    test(`no violations on ${name}, light and dark`, async ({ page }) => {
      await page.goto(path);
      await expectNoViolationsInBothThemes(page);
    });
  }

  test('no violations on a lesson with the workbench open and test results shown, light and dark', async ({ page }) => {
    await openWorkbenchWithResults(page);
    await expectNoViolationsInBothThemes(page);
  });
});

for (const [name, path] of pages) {
  test(`every tab stop on ${name} shows where focus is`, async ({ page }) => {
    // Tabbing scrolls the capstone's workbench into view, which would open it and move the page under the walk
    // at a moment that depends on load speed; the open workbench has its own walk below.
    await withoutAutoOpen(page);
    await page.goto(path);
    const { stops, unseen } = await walkFocus(page);
    expect(stops.length).toBeGreaterThan(10);
    expectNone(unseen, 'focus cannot be seen on');
  });
}

test('every tab stop on a lesson with the workbench open shows where focus is', async ({ page }) => {
  await openWorkbenchWithResults(page);
  const { stops, unseen } = await walkFocus(page);
  expect(stops.join('\n')).toContain('"Run tests');
  expectNone(unseen, 'focus cannot be seen on');
});

test('opening the workbench from the keyboard keeps focus in it', async ({ page }) => {
  test.setTimeout(60_000);
  await withoutAutoOpen(page);
  await page.goto('/config/');
  await page.getByRole('button', { name: 'Open the workbench' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-workbench]')).toHaveAttribute('data-editor', 'ready', { timeout: 20_000 });
  await expect(page.locator('[data-workbench]')).toHaveAttribute('data-sandbox', 'server', { timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Workbench', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
});

test('the workbench\'s panels are named landmarks', async ({ page }) => {
  await openWorkbenchWithResults(page);
  const workbench = page.getByRole('region', { name: 'Workbench', exact: true });
  await expect(workbench.getByRole('navigation', { name: 'Files' })).toBeVisible();
  for (const panel of ['Editor', 'Results', 'Terminal']) await expect(workbench.getByRole('region', { name: panel, exact: true })).toBeVisible();
  await workbench.getByRole('button', { name: 'Hint' }).click();
  await expect(workbench.getByRole('region', { name: 'Hints' })).toBeVisible();
});

test('with reduced motion nothing animates, on home and in the open workbench', async ({ page }) => {
  await page.goto('/');
  // Without the preference the cards do move, so the check below is not passing by accident.
  expect(await moving(page)).not.toEqual([]);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expectNone(await moving(page), 'still moving with prefers-reduced-motion');
  await openWorkbenchWithResults(page);
  expectNone(await moving(page), 'still moving with prefers-reduced-motion');
});
