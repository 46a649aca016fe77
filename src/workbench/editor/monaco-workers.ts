/**
 * Monaco's web workers, bundled by Vite through `?worker` imports (each becomes its own lazily fetched file).
 * Only the workers for the languages we register: the base editor worker, TypeScript/JavaScript and JSON.
 * Must be installed before monaco-editor is first imported.
 */
import type * as Monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker.js?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker.js?worker';

// Monaco asks for the TypeScript worker the moment a JavaScript model exists, and that worker is a 7 MB script
// that keeps a core busy for seconds: right when the learner, having just opened the workbench, may press Run
// tests, and on a laptop running the course locally that core is the grader's. getWorker may hand Monaco a promise
// (Monaco queues its messages on it), so the worker starts only once someone uses an editor: focus, pointer or
// keys. Until then nothing needs it: there is no completion or hover to show on code nobody touches.
let startTypeScript: () => void = () => {};
const typeScriptWanted = new Promise<void>((resolve) => {
  startTypeScript = resolve;
});

export function installMonacoWorkers(): void {
  globalThis.MonacoEnvironment = {
    getWorker(_workerId: string, label: string): Worker | Promise<Worker> {
      if (label === 'typescript' || label === 'javascript') return typeScriptWanted.then(() => new TsWorker());
      if (label === 'json') return new JsonWorker();
      return new EditorWorker();
    },
  };
}

/** Starts the TypeScript worker the first time this editor is focused or the pointer moves over it. */
export function startTypeScriptOnUse(editor: Monaco.editor.ICodeEditor): void {
  const listeners = [editor.onDidFocusEditorWidget(start), editor.onMouseMove(start)];
  function start(): void {
    for (const listener of listeners) listener.dispose();
    startTypeScript();
  }
}
