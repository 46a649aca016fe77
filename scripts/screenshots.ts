/**
 * Screenshots of the running course for the README and for looking at changes:
 *   node scripts/screenshots.ts <base-url> <out-dir> [path ...]
 * Each path is shot in light and dark, wide (1280) and narrow (390).
 */
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../tests/e2e/chromium-path.ts';

const [base = 'http://127.0.0.1:4321', out = 'screenshots', ...paths] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs });
for (const path of paths.length > 0 ? paths : ['/', '/config/']) {
  for (const theme of ['light', 'dark'] as const) {
    for (const [label, width] of [['wide', 1280], ['narrow', 390]] as const) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
      await page.goto(new URL(path, base).href, { waitUntil: 'networkidle' });
      const name = `${path.replace(/\//g, '') || 'home'}-${theme}-${label}.png`;
      await page.screenshot({ path: `${out}/${name}`, fullPage: false });
      await page.close();
      process.stdout.write(`${out}/${name}\n`);
    }
  }
}
await browser.close();
