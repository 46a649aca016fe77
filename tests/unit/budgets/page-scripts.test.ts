/**
 * The module-graph walker behind the page-weight budget, on a tiny hand-made build: it must count what a
 * browser loads up front (script src, modulepreload, inline scripts, static imports and re-exports) and nothing
 * it loads later (dynamic import()).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { librariesIn } from './budgets.ts';
import { coursePages, pageScripts } from './page-scripts.ts';

const site = mkdtempSync(path.join(tmpdir(), 'tfl-page-scripts-'));
afterAll(() => rmSync(site, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(site, file)), { recursive: true });
  writeFileSync(path.join(site, file), text);
}

write('course/lesson/index.html', `<!doctype html><html><head>
<script>document.documentElement.dataset.theme='light'</script>
<script type="application/json">{"not":"javascript"}</script>
<link rel="modulepreload" href="/course/_astro/preloaded.js">
<script type="module" src="/course/_astro/entry.js"></script>
<script type="module">import '../_astro/shared.js'; console.log(1)</script>
</head><body></body></html>`);
write('course/_astro/entry.js', `import{a}from"./shared.js";export*from"./reexported.js";document.querySelector('button').onclick=()=>import("./lazy.js");`);
write('course/_astro/shared.js', 'export const a=1;');
write('course/_astro/reexported.js', 'export const b=2;');
write('course/_astro/preloaded.js', 'export const c=3;');
write('course/_astro/lazy.js', 'throw Error("Only a single WebContainer instance can be booted")');
write('course/broken/index.html', '<script type="module" src="/course/_astro/missing.js"></script>');

describe('pageScripts', () => {
  it('follows script src, modulepreload, inline modules and static imports, but not import()', async () => {
    const { scripts, totalGz } = await pageScripts(path.join(site, 'course'), 'lesson/index.html', '/course/');
    expect(scripts.map((s) => s.file).sort()).toEqual([
      '<inline #1>', '<inline #2>', '_astro/entry.js', '_astro/preloaded.js', '_astro/reexported.js', '_astro/shared.js',
    ]);
    expect(scripts.find((s) => s.file === '_astro/reexported.js')?.via).toBe('_astro/entry.js');
    expect(totalGz).toBe(scripts.reduce((sum, s) => sum + s.gzBytes, 0));
    expect(scripts.flatMap((s) => librariesIn(s.code))).toEqual([]);
  });

  it('names the page and the missing file when a script is not in the build', async () => {
    await expect(pageScripts(path.join(site, 'course'), 'broken/index.html', '/course/')).rejects.toThrow(/broken\/index\.html.*_astro\/missing\.js/);
  });

  it('recognises the on-demand libraries by their markers', () => {
    expect(librariesIn('throw Error("Only a single WebContainer instance can be booted")')).toEqual(['WebContainer']);
    expect(librariesIn('e.className="xterm-helper-textarea"; f="monaco-editor-background"')).toEqual(['Monaco', 'xterm']);
  });
});

describe('coursePages', () => {
  it('keeps the home page and one level of lesson pages', () => {
    expect(coursePages(['index.html', 'config/index.html', '_astro/a.js', 'pagefind/x/index.html', 'exercises/config.json']))
      .toEqual(['config/index.html', 'index.html']);
  });
});
