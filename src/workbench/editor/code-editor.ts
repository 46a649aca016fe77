/**
 * Monaco over the Workspace: one model per learner file, the active tab shown, edits flowing back to the
 * workspace. Replacements from outside (Reset, Import) go through the undo stack, so Ctrl+Z brings the
 * learner's code back. Keyboard: Ctrl/Cmd+Enter runs the tests; Escape (with no widget open) leaves the
 * editor; Ctrl+M (Ctrl+Shift+M on macOS) is Monaco's own switch for whether Tab moves focus.
 */
import type * as Monaco from 'monaco-editor';
import type { Workspace } from '../state/workspace.ts';
import { followSiteTheme, loadMonaco, modelUri, siteTheme, type MonacoApi } from './monaco-setup.ts';
import { startWorkersOnUse } from './monaco-workers.ts';

export interface CodeEditorOptions {
  container: HTMLElement;
  workspace: Workspace;
  onRunTests: () => void;
  /** Escape pressed with nothing to close: move focus out of the editor. */
  onEscape: () => void;
}

export interface CodeEditor {
  readonly monaco: MonacoApi;
  focus(): void;
  layout(): void;
  dispose(): void;
}

// Escape belongs to Monaco while one of these is up (suggestions, find, hover, snippets, …).
const ESCAPE_IS_FREE = [
  'editorTextFocus', '!suggestWidgetVisible', '!findWidgetVisible', '!parameterHintsVisible', '!renameInputVisible',
  '!inSnippetMode', '!editorHasMultipleSelections', '!markersNavigationVisible', '!inReferenceSearchEditor',
  '!editorHoverVisible', '!accessibilityHelpWidgetVisible', '!inlineSuggestionVisible', '!referenceSearchVisible',
].join(' && ');

export async function createCodeEditor(options: CodeEditorOptions): Promise<CodeEditor> {
  const monaco = await loadMonaco();
  const { container, workspace } = options;
  const models = new Map<string, Monaco.editor.ITextModel>();
  const viewStates = new Map<string, Monaco.editor.ICodeEditorViewState | null>();

  container.replaceChildren();
  const editor = monaco.editor.create(container, {
    model: null,
    theme: siteTheme(),
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    tabSize: 2,
    // The reading column is narrow; wrapped lines beat a horizontal scrollbar for code this short.
    wordWrap: 'on',
    wrappingIndent: 'indent',
    scrollBeyondLastLine: false,
    fixedOverflowWidgets: true,
    renderLineHighlight: 'line',
    ariaLabel: 'Code editor',
    padding: { top: 8 },
  });
  const stopTheme = followSiteTheme(monaco);
  startWorkersOnUse(editor);

  function ensureModel(path: string, text: string): Monaco.editor.ITextModel {
    let model = models.get(path);
    if (!model) {
      model = monaco.editor.createModel(text, undefined, modelUri(monaco, path));
      const created = model;
      created.onDidChangeContent(() => workspace.edit(path, created.getValue(), true));
      models.set(path, created);
    }
    return model;
  }

  /** Sets a model's text as one undoable edit, so an outside replacement never destroys the learner's history. */
  function replaceText(model: Monaco.editor.ITextModel, text: string): void {
    if (model.getValue() === text) return;
    model.pushStackElement();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
    model.pushStackElement();
  }

  function syncModels(): void {
    for (const path of workspace.paths) {
      const text = workspace.read(path) ?? '';
      const existing = models.get(path);
      if (existing) replaceText(existing, text);
      else ensureModel(path, text);
    }
    for (const [path, model] of models) {
      if (workspace.read(path) === undefined) {
        model.dispose();
        models.delete(path);
        viewStates.delete(path);
      }
    }
  }

  let shown: string | null = null;
  function showActive(): void {
    const active = workspace.active;
    if (active === shown) return;
    if (shown) viewStates.set(shown, editor.saveViewState());
    shown = active;
    const model = active ? models.get(active) : undefined;
    editor.setModel(model ?? null);
    container.dataset.empty = model ? 'false' : 'true';
    if (active && model) {
      editor.updateOptions({ ariaLabel: `Code editor: ${active}` });
      const state = viewStates.get(active);
      if (state) editor.restoreViewState(state);
    }
  }

  syncModels();
  showActive();
  const unsubscribe = workspace.on((change) => {
    if (change.type === 'edit') {
      if (!change.fromEditor) {
        const model = models.get(change.path);
        if (model) replaceText(model, workspace.read(change.path) ?? '');
      }
    } else if (change.type === 'files') {
      syncModels();
    } else {
      showActive();
    }
  });

  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRunTests());
  editor.addCommand(monaco.KeyCode.Escape, () => options.onEscape(), ESCAPE_IS_FREE);

  return {
    monaco,
    focus: () => editor.focus(),
    layout: () => editor.layout(),
    dispose() {
      unsubscribe();
      stopTheme();
      editor.dispose();
      for (const model of models.values()) model.dispose();
    },
  };
}
