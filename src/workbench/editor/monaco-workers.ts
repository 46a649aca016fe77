/**
 * Monaco's web workers, bundled by Vite through `?worker` imports (each becomes its own lazily fetched file).
 * Only the workers for the languages we register: the base editor worker, TypeScript/JavaScript and JSON.
 * Must be installed before monaco-editor is first imported.
 */
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker.js?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker.js?worker';

export function installMonacoWorkers(): void {
  globalThis.MonacoEnvironment = {
    getWorker(_workerId: string, label: string): Worker {
      if (label === 'typescript' || label === 'javascript') return new TsWorker();
      if (label === 'json') return new JsonWorker();
      return new EditorWorker();
    },
  };
}
