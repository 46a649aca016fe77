/**
 * Loads Monaco once per page (a separate, lazily fetched chunk) and sets it up for small Node services:
 * JavaScript/TypeScript intellisense across the learner's files, a few Node globals typed so `process.env`
 * completes, and light/dark themes that follow the site's.
 */
import type * as Monaco from 'monaco-editor';

export type MonacoApi = typeof Monaco;

let loading: Promise<MonacoApi> | undefined;

// Just enough of Node for completion in the exercises (they import node:http, read process.env, …).
// The full @types/node is 2 MB: too much to ship for hover text.
const NODE_LITE = `
declare var process: {
  env: Record<string, string | undefined>;
  argv: string[];
  exitCode: number | undefined;
  pid: number;
  exit(code?: number): never;
  on(event: 'SIGTERM' | 'SIGINT' | 'exit' | 'uncaughtException', listener: (...args: any[]) => void): void;
  stdout: { write(text: string): boolean };
  stderr: { write(text: string): boolean };
  cwd(): string;
  uptime(): number;
};
declare module 'node:*';
`;

export function loadMonaco(): Promise<MonacoApi> {
  loading ??= (async () => {
    const { installMonacoWorkers } = await import('./monaco-workers.ts');
    installMonacoWorkers();
    const monaco = await import('monaco-editor');
    configure(monaco);
    return monaco;
  })();
  return loading;
}

function configure(monaco: MonacoApi): void {
  const { typescript } = monaco;
  for (const defaults of [typescript.javascriptDefaults, typescript.typescriptDefaults]) {
    defaults.setCompilerOptions({
      target: typescript.ScriptTarget.ES2020,
      module: typescript.ModuleKind.ESNext,
      moduleResolution: typescript.ModuleResolutionKind.NodeJs,
      allowJs: true,
      allowNonTsExtensions: true,
      checkJs: false,
    });
    // Every open model joins the project, so imports between the learner's files resolve and complete.
    defaults.setEagerModelSync(true);
    defaults.addExtraLib(NODE_LITE, 'file:///node_modules/@types/node-lite/index.d.ts');
  }
  monaco.editor.defineTheme('tfl-light', { base: 'vs', inherit: true, rules: [], colors: { 'editor.background': '#ffffff' } });
  monaco.editor.defineTheme('tfl-dark', { base: 'vs-dark', inherit: true, rules: [], colors: { 'editor.background': '#1a1f1d' } });
}

export function siteTheme(): 'tfl-light' | 'tfl-dark' {
  return document.documentElement.dataset.theme === 'dark' ? 'tfl-dark' : 'tfl-light';
}

/** Keeps Monaco's theme in step with the site's theme toggle. */
export function followSiteTheme(monaco: MonacoApi): () => void {
  const observer = new MutationObserver(() => monaco.editor.setTheme(siteTheme()));
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  monaco.editor.setTheme(siteTheme());
  return () => observer.disconnect();
}

/** file:///app/<path>: one URI space for all learner files, so relative imports resolve between them. */
export function modelUri(monaco: MonacoApi, path: string): Monaco.Uri {
  return monaco.Uri.parse(`file:///app/${path.split('/').map(encodeURIComponent).join('/')}`);
}
