/**
 * The reference solution beside the learner's code, in Monaco's diff editor. Both sides are read-only
 * copies: the learner's own models (and so their code and undo history) are never touched.
 */
import type * as Monaco from 'monaco-editor';
import { sortPaths } from '../files/paths.ts';
import type { FileMap } from '../types.ts';
import { h } from '../ui/dom.ts';
import { siteTheme, type MonacoApi } from './monaco-setup.ts';
import { startMonacoWorkers } from './monaco-workers.ts';

export interface SolutionDiff {
  show(learner: FileMap, solution: FileMap, preferred: string | null): void;
  dispose(): void;
}

export function createSolutionDiff(monaco: MonacoApi, container: HTMLElement, title: HTMLElement): SolutionDiff {
  let diff: Monaco.editor.IStandaloneDiffEditor | undefined;
  let models: Monaco.editor.ITextModel[] = [];
  const select = h('select', { class: 'wb-diff-select', 'aria-label': 'File to compare' });

  const clearModels = () => {
    for (const model of models) model.dispose();
    models = [];
  };

  function showFile(path: string, learner: FileMap, solution: FileMap): void {
    if (!diff) {
      startMonacoWorkers(); // the diff is computed in the editor worker
      diff = monaco.editor.createDiffEditor(container, {
        readOnly: true,
        originalEditable: false,
        automaticLayout: true,
        renderSideBySide: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        theme: siteTheme(),
        ariaLabel: 'Your code compared with the reference solution',
      });
    }
    clearModels();
    // A fresh URI per side: these copies must not join the learner's project or its intellisense.
    const language = /\.(?:m?js|cjs)$/.test(path) ? 'javascript' : /\.json$/.test(path) ? 'json' : 'plaintext';
    const original = monaco.editor.createModel(learner[path] ?? '', language);
    const modified = monaco.editor.createModel(solution[path] ?? '', language);
    models = [original, modified];
    diff.setModel({ original, modified });
  }

  return {
    show(learner, solution, preferred) {
      const paths = sortPaths(new Set([...Object.keys(learner), ...Object.keys(solution)]));
      const changed = paths.filter((path) => learner[path] !== solution[path]);
      const choices = changed.length > 0 ? changed : paths;
      const first = preferred && choices.includes(preferred) ? preferred : choices[0];
      select.replaceChildren(...choices.map((path) => {
        const note = !(path in learner) ? ' (only in the solution)' : !(path in solution) ? ' (only yours)' : learner[path] === solution[path] ? ' (same)' : '';
        return h('option', { value: path, selected: path === first }, `${path}${note}`);
      }));
      select.onchange = () => showFile(select.value, learner, solution);
      title.replaceChildren(
        h('span', {}, 'Your code (left) and the reference solution (right), one way among many. '),
        h('label', { class: 'wb-diff-file' }, 'File: ', select),
      );
      if (first) showFile(first, learner, solution);
    },
    dispose() {
      diff?.dispose();
      diff = undefined;
      clearModels();
    },
  };
}
