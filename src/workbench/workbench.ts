/**
 * The workbench, composed: exercise data → workspace (restored from storage) → views, editor, terminal and
 * sandbox, all started in parallel so the editor is usable before the sandbox is. Loaded lazily by mount.ts.
 * Architecture: docs/workbench.md.
 */
import type { SandboxChoice } from '../config/course-config.ts';
import type { WorkbenchContext } from './controller/context.ts';
import { download, importWork, newFile, removeFile, reset } from './controller/file-actions.ts';
import { runTests } from './controller/grade-action.ts';
import { toggleShell } from './controller/shell-action.ts';
import { toggleRun } from './controller/run-action.ts';
import { closeSolution, showSolution, solutionAvailable } from './controller/solution-action.ts';
import { loadExerciseData } from './data/load-exercise.ts';
import { createCodeEditor } from './editor/code-editor.ts';
import { SandboxConnection } from './sandbox-connection.ts';
import { startAutosave } from './state/autosave.ts';
import { Workspace } from './state/workspace.ts';
import { workspaceStore } from './state/workspace-store.ts';
import { createTerminal } from './terminal/terminal-panel.ts';
import { Dialogs } from './ui/dialogs.ts';
import { bindElements } from './ui/elements.ts';
import { isExpanded, setExpanded } from './ui/expand.ts';
import { renderFileTree, renderTabs, type FileViewActions } from './ui/file-views.ts';
import { hintButtonLabel, renderHints } from './ui/hints-view.ts';
import { renderResults } from './ui/results-view.ts';
import { StatusView } from './ui/status-view.ts';

export async function startWorkbench(root: HTMLElement): Promise<void> {
  const ui = bindElements(root);
  const base = import.meta.env.BASE_URL;
  const html = document.documentElement.dataset;
  const exercise = await loadExerciseData(base, root.dataset.exercise ?? '');
  const store = workspaceStore(exercise.id);
  const progress = store.loadProgress();
  const workspace = new Workspace(store.loadFiles() ?? exercise.starter, progress.open, progress.active ?? exercise.main);
  const status = new StatusView(ui.status, ui.alert);

  // Focus on the launch button or the "own editor" note would vanish with them: keep it in the workbench.
  const hadFocus = root.contains(document.activeElement);
  ui.launch.hidden = true;
  ui.app.hidden = false;
  root.dataset.state = 'open';
  if (hadFocus) ui.app.focus({ preventScroll: true });

  const saveProgress = () => store.saveProgress({ ...progress, open: workspace.open, active: workspace.active });
  const autosave = startAutosave(workspace, store, () => {});
  workspace.on((change) => change.type === 'tabs' && saveProgress());

  const ctx: WorkbenchContext = {
    ui, exercise, base, store, progress, saveProgress, autosave, status, workspace,
    courseId: html.courseId ?? 'twelve-factor-lab',
    lessonSlug: root.dataset.completes ?? document.querySelector<HTMLElement>('main[data-lesson]')?.dataset.lesson ?? exercise.id,
    dialogs: new Dialogs(ui.dialog),
    busy: { grading: false, running: undefined },
    refreshToolbar: () => refreshToolbar(ctx),
    // Filled in below; the editor, terminal and sandbox start in parallel.
    editor: undefined as never, terminal: undefined as never, connection: undefined as never,
  };
  const focusOut = (target: HTMLElement) => () => target.focus();
  ctx.editor = createCodeEditor({ container: ui.editor, workspace, onRunTests: () => void runTests(ctx, 'shortcut'), onEscape: focusOut(ui.editorHelp) });
  ctx.terminal = createTerminal(ui.terminal, focusOut(ui.terminal.closest('section') as HTMLElement));
  ctx.connection = new SandboxConnection({
    choice: (html.sandbox ?? 'auto') as SandboxChoice, exercise, base, workspace, ui, status, onDownload: () => download(ctx),
  });

  renderViews(ctx);
  workspace.on((change) => change.type !== 'edit' && renderViews(ctx));
  ui.env.value = progress.env;
  ui.env.addEventListener('input', () => {
    progress.env = ui.env.value;
    saveProgress();
  });
  wireActions(ctx);
  refreshToolbar(ctx);

  ctx.editor.then(() => {
    root.dataset.editor = 'ready';
    if (!ctx.connection.sandbox && !ctx.connection.failure) status.say('The editor is ready; the sandbox is still starting…');
  }, (error: unknown) => status.alert('The editor could not load', `${String(error)} — reload the page to try again. Your code is saved.`, 'bad'));
  void ctx.connection.ready.then((sandbox) => {
    root.dataset.sandbox = sandbox ? sandbox.kind : 'unavailable';
    if (!sandbox) void ctx.terminal.then((terminal) => terminal.note('Nothing can run here until a sandbox is available (see the message above).', 'bad'));
    ui.buttons.shell.hidden = !sandbox?.capabilities.shell;
    if (sandbox) void ctx.terminal.then((terminal) => terminal.note(sandbox.kind === 'server'
      ? 'Run starts your app on the course server; its output appears here.'
      : 'Run starts your app in this browser; its output appears here.'));
    refreshToolbar(ctx);
  });
}

function renderViews(ctx: WorkbenchContext): void {
  const { ui, workspace } = ctx;
  const actions: FileViewActions = {
    open: (path) => {
      workspace.openFile(path);
      if (!ui.diff.hidden) void closeSolution(ctx);
    },
    close: (path) => workspace.closeFile(path),
    remove: (path) => void removeFile(ctx, path),
  };
  renderFileTree(ui.files, workspace, actions);
  renderTabs(ui.tabs, workspace, actions);
  renderHints(ui.hints, ui.hintsList, ctx.exercise.hints, ctx.progress.hintsShown);
  renderResults(ui.results, ui.resultsSummary, ui.resultsList, ctx.progress.lastResult);
}

function refreshToolbar(ctx: WorkbenchContext): void {
  const { buttons } = ctx.ui;
  const ready = Boolean(ctx.connection?.sandbox);
  buttons.test.disabled = !ready;
  buttons.test.setAttribute('aria-busy', String(ctx.busy.grading));
  buttons.test.querySelector('[data-label]')!.textContent = ctx.busy.grading ? 'Running tests…' : 'Run tests';
  buttons.run.disabled = !ready;
  buttons.run.querySelector('[data-label]')!.textContent = ctx.busy.running ? 'Stop' : 'Run';
  buttons.run.dataset.running = String(Boolean(ctx.busy.running));
  const hints = ctx.exercise.hints;
  buttons.hint.textContent = hintButtonLabel(hints, ctx.progress.hintsShown);
  buttons.hint.setAttribute('aria-disabled', String(ctx.progress.hintsShown >= hints.length));
  buttons.solution.hidden = ctx.exercise.solutions === 'never';
  const available = solutionAvailable(ctx);
  buttons.solution.setAttribute('aria-disabled', String(!available));
  buttons.solution.title = available ? 'Compare your code with the reference solution' : 'Opens once every test passes';
}

function nextHint(ctx: WorkbenchContext): void {
  const { hints } = ctx.exercise;
  if (ctx.progress.hintsShown >= hints.length) {
    ctx.status.say('That was the last hint. The failing tests carry hints of their own.');
    return;
  }
  ctx.progress.hintsShown += 1;
  ctx.saveProgress();
  renderHints(ctx.ui.hints, ctx.ui.hintsList, hints, ctx.progress.hintsShown);
  ctx.status.say(`Hint ${ctx.progress.hintsShown} of ${hints.length} is shown under Hints.`);
  refreshToolbar(ctx);
}

function wireActions(ctx: WorkbenchContext): void {
  const { ui } = ctx;
  const on = (button: HTMLButtonElement, run: () => unknown) => button.addEventListener('click', () => void run());
  const b = ui.buttons;
  on(b.run, () => toggleRun(ctx));
  on(b.test, () => runTests(ctx));
  on(b.hint, () => nextHint(ctx));
  on(b.solution, () => showSolution(ctx));
  on(b.closeSolution, () => closeSolution(ctx));
  on(b.reset, () => reset(ctx));
  on(b.download, () => download(ctx));
  on(b.import, () => ui.importInput.click());
  on(b.newFile, () => newFile(ctx));
  on(b.expand, () => setExpanded(ui, !isExpanded(ui)));
  on(b.shell, () => toggleShell(ctx));
  ui.importInput.addEventListener('change', () => {
    const file = ui.importInput.files?.[0];
    ui.importInput.value = '';
    if (file) void importWork(ctx, file);
  });
  // Ctrl/Cmd+Enter runs the tests from anywhere in the workbench (the editor has its own binding).
  ui.app.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !(event.target as Element).closest('.monaco-editor')) {
      event.preventDefault();
      if (!ctx.ui.buttons.test.disabled) void runTests(ctx, 'shortcut');
    }
    if (event.key === 'Escape' && isExpanded(ui) && !(event.target as Element).closest('.monaco-editor, .xterm, dialog')) {
      setExpanded(ui, false);
      ui.buttons.expand.focus();
    }
  });
}
