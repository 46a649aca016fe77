/**
 * Monaco's web workers, bundled by Vite through `?worker` imports (each becomes its own lazily fetched file).
 * Only the workers for the languages we register: the base editor worker, TypeScript/JavaScript and JSON.
 * Must be installed before monaco-editor is first imported.
 */
import type * as Monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker.js?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker.js?worker';

// Monaco asks for its workers the moment the editor and its models exist, and the TypeScript one is a 7 MB
// script that keeps a core busy for seconds: right when the learner, having just opened the workbench, may press
// Run tests, and on a laptop running the course locally that core is the grader's. getWorker may hand Monaco a
// promise (Monaco queues its messages on it), so the workers start only once someone uses an editor: focus,
// pointer or keys. Until then nothing needs them: there is no completion, hover or link to show on code nobody
// touches. The solution view starts them itself: its diff is computed in the editor worker.
let startWorkers: () => void = () => {};
const workersWanted = new Promise<void>((resolve) => {
  startWorkers = resolve;
});

export function installMonacoWorkers(): void {
  globalThis.MonacoEnvironment = {
    async getWorker(_workerId: string, label: string): Promise<Worker> {
      await workersWanted;
      if (label === 'typescript' || label === 'javascript') return new TsWorker();
      if (label === 'json') return new JsonWorker();
      return new EditorWorker();
    },
  };
}

/** Starts Monaco's workers now (the solution view needs its diff computed whether or not anyone points at it). */
export function startMonacoWorkers(): void {
  startWorkers();
}

/** Starts Monaco's workers the first time this editor is focused or the pointer moves over it. */
export function startWorkersOnUse(editor: Monaco.editor.ICodeEditor): void {
  const listeners = [editor.onDidFocusEditorWidget(start), editor.onMouseMove(start)];
  function start(): void {
    for (const listener of listeners) listener.dispose();
    startMonacoWorkers();
  }
}
