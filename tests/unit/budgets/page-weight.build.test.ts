/**
 * Page weight of the BUILT site (DESIGN.md "Budgets"): every page's first-load JavaScript — scripts in its HTML
 * plus their static imports, gzipped — stays within its budget, and none of it is Monaco, xterm or WebContainer.
 * Runs after the build (vitest.build.config.ts; `npm test` runs it right after `astro build`), on SITE_DIR or dist/.
 * Sizes, not timings: the result is the same on any machine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_LOAD_JS_GZ, librariesIn, ON_DEMAND_LIBRARIES, pageTypeOf } from './budgets.ts';
import { buildBasePath, coursePages, kb, pageScripts } from './page-scripts.ts';

const siteDir = process.env.SITE_DIR || 'dist';
if (!existsSync(path.join(siteDir, 'index.html'))) {
  throw new Error(`There is no build in ${siteDir}/: run \`npm run build\` first (npm test does), or point SITE_DIR at one`);
}
const basePath = buildBasePath(siteDir);
const files = readdirSync(siteDir, { recursive: true, encoding: 'utf8' }).map((file) => file.split(path.sep).join('/'));
const pages = await Promise.all(coursePages(files).map((page) => pageScripts(siteDir, page, basePath)));

const listing = (scripts: { file: string; gzBytes: number; via: string }[]) =>
  scripts.map((s) => `  ${kb(s.gzBytes).padStart(8)}  ${s.file}  (from ${s.via})`).join('\n');

describe(`first-load JavaScript of the build in ${siteDir}/`, () => {
  it('has every kind of page the budgets are about', () => {
    expect(new Set(pages.map((p) => pageTypeOf(p.page)))).toEqual(new Set(Object.keys(FIRST_LOAD_JS_GZ)));
  });

  for (const { page, scripts, totalGz } of pages) {
    const type = pageTypeOf(page);
    it(`${page} (${type}) loads at most ${kb(FIRST_LOAD_JS_GZ[type])} of gzipped JavaScript`, () => {
      expect(totalGz, `${page} loads ${kb(totalGz)} before the workbench opens:\n${listing(scripts)}`)
        .toBeLessThanOrEqual(FIRST_LOAD_JS_GZ[type]);
    });

    it(`${page} loads no Monaco, xterm or WebContainer before the workbench opens`, () => {
      const heavy = scripts.flatMap((s) => librariesIn(s.code).map((library) => `  ${library} in ${s.file} (from ${s.via})`));
      expect(heavy, `keep these behind a dynamic import():\n${heavy.join('\n')}`).toEqual([]);
    });
  }

  // Without this the check above could pass only because the markers no longer match the libraries' code.
  it('still recognises each on-demand library in the build', () => {
    const chunks = files.filter((file) => file.endsWith('.js')).map((file) => readFileSync(path.join(siteDir, file), 'utf8'));
    const found = new Set(chunks.flatMap((code) => librariesIn(code)));
    for (const library of ON_DEMAND_LIBRARIES) {
      expect(found.has(library.name), `no chunk contains ${library.markers.join(' / ')}: update ON_DEMAND_LIBRARIES in budgets.ts`).toBe(true);
    }
  });
});
