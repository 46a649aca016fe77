/**
 * Starts the chosen sandbox, keeps it in step with the workspace, and turns its events into things the
 * learner sees: the preview, and a plain message when it had to be restarted or could not start at all.
 */
import type { SandboxChoice } from '../config/course-config.ts';
import { loadGradingBundle } from './data/load-exercise.ts';
import { chooseSandbox, whatToDo } from './sandbox/choose-sandbox.ts';
import { SandboxUnavailableError, type Sandbox } from './sandbox/sandbox.ts';
import type { Workspace } from './state/workspace.ts';
import type { ExerciseData } from './types.ts';
import type { Elements } from './ui/elements.ts';
import type { StatusView } from './ui/status-view.ts';

export interface ConnectionOptions {
  choice: SandboxChoice;
  exercise: ExerciseData;
  base: string;
  workspace: Workspace;
  ui: Elements;
  status: StatusView;
  onDownload: () => void;
}

export class SandboxConnection {
  sandbox: Sandbox | undefined;
  failure: SandboxUnavailableError | undefined;
  readonly ready: Promise<Sandbox | undefined>;
  readonly #options: ConnectionOptions;
  #syncTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.ready = this.#start();
    options.workspace.on((change) => {
      if (change.type !== 'tabs') this.#syncSoon();
    });
  }

  async #start(): Promise<Sandbox | undefined> {
    const { exercise, base, choice, status, workspace } = this.#options;
    status.say('Starting the sandbox that runs your code…');
    let sandbox: Sandbox | undefined;
    try {
      sandbox = await chooseSandbox({ choice, exercise, base, loadGrading: () => loadGradingBundle(base, exercise.id) });
      sandbox.on((event) => this.#onEvent(event));
      await sandbox.boot();
      await sandbox.sync(workspace.files);
    } catch (error) {
      this.failure = error instanceof SandboxUnavailableError ? error : new SandboxUnavailableError('failed', `The sandbox could not start: ${String(error)}`);
      await sandbox?.dispose().catch(() => {});
      this.#showFailure(this.failure);
      return undefined;
    }
    this.sandbox = sandbox;
    status.say(sandbox.kind === 'server' ? 'Ready: your code runs on the course server.' : 'Ready: your code runs in this browser.');
    return sandbox;
  }

  #showFailure(failure: SandboxUnavailableError): void {
    const { status, onDownload } = this.#options;
    status.say('The sandbox is not available; you can still edit and download your code.');
    status.alert('Your code cannot run here right now', `${failure.message} ${whatToDo(failure.reason)}`, 'bad', [
      { label: 'Download my work', run: onDownload },
      { label: 'Reload the page', run: () => location.reload() },
    ]);
  }

  #onEvent(event: Parameters<Parameters<Sandbox['on']>[0]>[0]): void {
    const { ui, status } = this.#options;
    if (event.type === 'preview') {
      ui.preview.hidden = false;
      ui.previewFrame.src = event.url;
      ui.previewLink.href = event.url;
    } else if (event.type === 'preview-closed') {
      ui.preview.hidden = true;
      ui.previewFrame.removeAttribute('src');
    } else if (event.type === 'restarted') {
      status.alert('The sandbox was restarted', event.reason, 'warn');
    }
  }

  #syncSoon(): void {
    clearTimeout(this.#syncTimer);
    this.#syncTimer = setTimeout(() => void this.syncNow(), 400);
  }

  /** Pushes the current files to the sandbox now (before Run and Run tests). */
  async syncNow(): Promise<void> {
    clearTimeout(this.#syncTimer);
    const sandbox = this.sandbox;
    if (!sandbox) return;
    await sandbox.sync(this.#options.workspace.files).catch(() => {
      // A restart re-mounts the files itself; the next Run or Run tests syncs again.
    });
  }
}
