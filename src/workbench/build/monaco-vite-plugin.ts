/**
 * Build time (Vite plugin): trims monaco-editor to what the workbench uses.
 *  - monaco-editor's entry registers ~90 languages, the LSP client and the CSS/HTML services; we keep the
 *    editor itself, JS/TS and JSON services and a few syntax-only languages. Every dropped language would
 *    otherwise still be a chunk in the build (and build time).
 *  - Monaco's own `new Worker(new URL('ts.worker.js', import.meta.url))` fallbacks are removed: the workbench
 *    supplies every worker through MonacoEnvironment.getWorker (src/workbench/editor/monaco-workers.ts), and
 *    leaving them would bundle the 9 MB TypeScript worker twice.
 *  - Monaco's `import './x.css'` side-effect imports become `?inline` strings injected when the module runs.
 *    Astro otherwise follows the lesson page's script through its dynamic imports and links all of Monaco's
 *    CSS (~170 KB) into every lesson page's <head>, long before anyone opens the workbench.
 * If a Monaco upgrade changes these files, the patterns stop matching and the build is only bigger/slower.
 */
import type { Plugin } from 'vite';

/** Syntax-only languages (no worker) that exercises' files may use. */
const KEEP_LANGUAGES = new Set(['javascript', 'typescript', 'markdown', 'shell', 'dockerfile', 'yaml', 'ini', 'css', 'html']);
const DROP_FEATURES = /languages\/features\/(css|html)\/register\.js|monaco-lsp-client|__src_languages_features_(css|html)_register_ts|as lsp\b/;

const INJECT_STYLE = 'virtual:twelve-factor-lab/inject-style';
const CSS_IMPORT = /^import '([^']+\.css)';$/gm;

export function monacoTrim(): Plugin {
  return {
    name: 'twelve-factor-lab:monaco-trim',
    enforce: 'pre',
    resolveId(id) {
      return id === INJECT_STYLE ? `\0${INJECT_STYLE}` : undefined;
    },
    load(id) {
      if (id !== `\0${INJECT_STYLE}`) return undefined;
      return `export function injectStyle(css) {
  if (typeof document === 'undefined') return;
  const style = document.createElement('style');
  style.dataset.source = 'monaco';
  style.textContent = css;
  document.head.append(style);
}`;
    },
    transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (!file.includes('/monaco-editor/esm/') || id.includes('?')) return undefined;
      let result = code;
      if (/monaco-editor\/esm\/vs\/(index|editor\/editor\.main)\.js$/.test(file)) {
        result = result.split('\n').filter((line) => {
          const language = /languages\/definitions\/([\w-]+)\/register\.js/.exec(line)?.[1];
          if (language) return KEEP_LANGUAGES.has(language);
          return !DROP_FEATURES.test(line);
        }).join('\n');
      }
      if (/monaco-editor\/esm\/vs\/languages\/features\/(typescript|json|css|html)\/workerManager\.js$/.test(file)) {
        result = result.replace(/createWorker: \(\) => new Worker\(new URL\([^)]*\), \{ type: "module" \}\),?/g, '');
      }
      if (/^import '[^']+\.css';$/m.test(result)) {
        let n = 0;
        result = `import { injectStyle as __tflInjectStyle } from '${INJECT_STYLE}';\n${result.replace(CSS_IMPORT, (_, spec: string) => {
          const name = `__tflCss${n++}`;
          return `import ${name} from '${spec}?inline'; __tflInjectStyle(${name});`;
        })}`;
      }
      return result === code ? undefined : { code: result, map: null };
    },
  };
}
