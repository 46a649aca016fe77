/** Everything the workbench's actions share, built once in workbench.ts. */
import type { CodeEditor } from '../editor/code-editor.ts';
import type { SandboxConnection } from '../sandbox-connection.ts';
import type { Autosave } from '../state/autosave.ts';
import type { Workspace } from '../state/workspace.ts';
import type { Progress, WorkspaceStore } from '../state/workspace-store.ts';
import type { TerminalPanel } from '../terminal/terminal-panel.ts';
import type { ExerciseData } from '../types.ts';
import type { Dialogs } from '../ui/dialogs.ts';
import type { Elements } from '../ui/elements.ts';
import type { StatusView } from '../ui/status-view.ts';

export interface WorkbenchContext {
  ui: Elements;
  exercise: ExerciseData;
  /** The site's base URL, "/" or "/course/". */
  base: string;
  courseId: string;
  lessonSlug: string;
  workspace: Workspace;
  store: WorkspaceStore;
  progress: Progress;
  saveProgress(): void;
  autosave: Autosave;
  status: StatusView;
  dialogs: Dialogs;
  connection: SandboxConnection;
  terminal: Promise<TerminalPanel>;
  editor: Promise<CodeEditor>;
  /** Re-renders toolbar state (busy, hint and solution availability). */
  refreshToolbar(): void;
  busy: { grading: boolean; running: AbortController | undefined };
}
