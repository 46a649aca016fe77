/**
 * Saves the working copy shortly after every change and keeps the sandbox in step, so a reload, a crash or
 * a sandbox reboot never costs an edit. Debounced (typing fires per keystroke); flushed when the page is
 * hidden or closed, when nothing else would run.
 */
import type { Workspace } from './workspace.ts';
import type { WorkspaceStore } from './workspace-store.ts';

export interface Autosave {
  /** Saves now (before Run, Run tests, Reset, leaving the page). */
  flush(): void;
  dispose(): void;
}

export function startAutosave(workspace: Workspace, store: WorkspaceStore, onSaved: () => void, delayMs = 300): Autosave {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    store.saveFiles(workspace.files);
    onSaved();
  };
  const unsubscribe = workspace.on((change) => {
    if (change.type === 'tabs') return;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  });
  const onHide = () => flush();
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onVisibility);
  return {
    flush,
    dispose() {
      flush();
      unsubscribe();
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
