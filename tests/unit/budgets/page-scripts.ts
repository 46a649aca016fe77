/**
 * What JavaScript a built page makes the browser load before anything is clicked: the scripts and module
 * preloads its HTML names, its inline scripts, and everything those reach through static `import`/`export … from`.
 * Dynamic `import()` is not followed: that is how the workbench loads Monaco, xterm and the sandbox on demand.
 * Works on the files of a build (no server, no browser), so `npm test` can check the build it just made.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { init, parse } from 'es-module-lexer';
import { BUILD_STAMP_FILE, type BuildStamp } from '../../../src/config/build-stamp.ts';

export interface LoadedScript {
  /** Path inside the build, e.g. `_astro/mount.abc123.js`; `<inline #n>` for inline scripts. */
  file: string;
  bytes: number;
  gzBytes: number;
  /** Who pulled it in: `html`, or the file that imports it statically. */
  via: string;
  code: string;
}

export interface PageScripts {
  /** The page's HTML file inside the build, e.g. `config/index.html`. */
  page: string;
  scripts: LoadedScript[];
  totalGz: number;
}

// Astro writes plain, regular HTML; a tag-level regex is enough and keeps this free of an HTML parser.
const SCRIPT_TAG = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const PRELOAD_TAG = /<link\b[^>]*\brel=["']?modulepreload["']?[^>]*>/gi;
const attribute = (attrs: string, name: string) =>
  new RegExp(`\\b${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs)?.slice(1).find((v) => v !== undefined);
// Script types that browsers run; anything else (JSON data islands, templates) is not JavaScript.
const isJavaScript = (type: string | undefined) => type === undefined || /^(module|text\/javascript|application\/javascript)$/i.test(type);

const ORIGIN = 'http://course.invalid';

/**
 * Reads one page of the build at `siteDir` (built with BASE_PATH `basePath`). Throws, naming the page, when it
 * references a script outside the build or one that is missing: both would be real bugs, not weight.
 */
export async function pageScripts(siteDir: string, page: string, basePath = '/'): Promise<PageScripts> {
  await init;
  const html = readFileSync(path.join(siteDir, page), 'utf8');
  const pageUrl = new URL(basePath + page.replace(/index\.html$/, ''), ORIGIN);
  const scripts: LoadedScript[] = [];
  const seen = new Set<string>();
  const queue: { url: URL; via: string }[] = [];

  const toFile = (url: URL): string => {
    if (url.origin !== ORIGIN) throw new Error(`${page} loads a script from another origin: ${url.href}`);
    if (!url.pathname.startsWith(basePath)) throw new Error(`${page} loads ${url.pathname}, outside BASE_PATH ${basePath}`);
    return decodeURIComponent(url.pathname.slice(basePath.length));
  };
  const add = (file: string, code: string, via: string) => {
    const bytes = Buffer.byteLength(code);
    scripts.push({ file, bytes, gzBytes: gzipSync(code).length, via, code });
  };
  const importsOf = (code: string, from: URL, via: string) => {
    for (const spec of parse(code)[0]) {
      if (spec.d !== -1 || spec.n === undefined) continue; // dynamic import() or import.meta: not loaded up front
      if (!/^(\.{0,2}\/|https?:)/.test(spec.n)) throw new Error(`${via} imports the bare specifier "${spec.n}", which a browser cannot load`);
      queue.push({ url: new URL(spec.n, from), via });
    }
  };

  let inline = 0;
  for (const [, attrs = '', body = ''] of html.matchAll(SCRIPT_TAG)) {
    const type = attribute(attrs, 'type');
    if (!isJavaScript(type)) continue;
    const src = attribute(attrs, 'src');
    if (src !== undefined) {
      queue.push({ url: new URL(src, pageUrl), via: 'html' });
    } else if (body.trim() !== '') {
      const file = `<inline #${++inline}>`;
      add(file, body, 'html');
      if (type === 'module') importsOf(body, pageUrl, file);
    }
  }
  for (const [tag] of html.matchAll(PRELOAD_TAG)) {
    const href = attribute(tag, 'href');
    if (href !== undefined) queue.push({ url: new URL(href, pageUrl), via: 'html' });
  }

  while (queue.length > 0) {
    const { url, via } = queue.shift()!;
    const file = toFile(url);
    if (seen.has(file)) continue;
    seen.add(file);
    let code: string;
    try {
      code = readFileSync(path.join(siteDir, file), 'utf8');
    } catch {
      throw new Error(`${page}: ${via} loads ${file}, which is not in the build at ${siteDir}`);
    }
    add(file, code, via);
    importsOf(code, url, file);
  }
  return { page, scripts, totalGz: scripts.reduce((sum, s) => sum + s.gzBytes, 0) };
}

/** The HTML pages of a build: `index.html` and `<slug>/index.html`, the pages a learner lands on. */
export function coursePages(files: string[]): string[] {
  return files.filter((file) => /^([^/]+\/)?index\.html$/.test(file)).sort();
}

/** BASE_PATH the build was made with, from the stamp `npm start` also reads (src/config/build-stamp.ts). */
export function buildBasePath(siteDir: string): string {
  const stamp = JSON.parse(readFileSync(path.join(siteDir, BUILD_STAMP_FILE), 'utf8')) as Partial<BuildStamp>;
  return stamp.settings?.BASE_PATH ?? '/';
}

/** "5.7 KB" — the unit DESIGN.md states budgets in. */
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
