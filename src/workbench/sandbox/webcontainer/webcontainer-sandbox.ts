/**
 * The WebContainer sandbox: a thin adapter over the slice of @webcontainer/api in ./api.ts.
 * What it adds is exactly what WebContainer lacks: mount-by-diff through one serial write queue, hidden tests
 * mounted only for the length of a grade, and watchdogs — a busy loop inside WebContainer cannot be killed,
 * so a run or grade that will not end is answered with teardown(), a fresh boot and the learner's files again.
 */
import { diffFiles, parentDirs } from '../../files/file-diff.ts';
import type { ExerciseData, FileMap, GradeResult, GradingBundle } from '../../types.ts';
import { errorResult, parseGradeOutput } from '../grade-output.ts';
import {
  SandboxEvents, SandboxUnavailableError,
  type RunEnd, type RunOptions, type Sandbox, type SandboxListener, type ShellSession,
} from '../sandbox.ts';
import { SerialQueue } from '../serial-queue.ts';
import { DeadlineExceeded, formatSeconds, whenAborted, withDeadline } from '../watchdog.ts';
import type { WcBoot, WcInstance, WcProcess } from './api.ts';
import { toFileSystemTree } from './file-tree.ts';
import { HARNESS_ENTRY, REPORTER_ARG } from '../../../grading/harness/harness-args.mjs';

export interface WebContainerSandboxOptions {
  boot: WcBoot;
  exercise: Pick<ExerciseData, 'id' | 'main' | 'timeouts'>;
  /** The hidden tests and harness (fetched on the first grade only). */
  loadGrading: () => Promise<GradingBundle>;
  /** Boot watchdog: StackBlitz unreachable usually means a boot that never settles. */
  bootTimeoutMs?: number;
  /** Added to the exercise's runMs before a grade counts as runaway (spawn and file writes take time). */
  gradeSlackMs?: number;
  /** How long a stopped app may take to exit before the sandbox is restarted. */
  killGraceMs?: number;
  /** Longest an app may run from one click on Run. */
  runLimitMs?: number;
}

const GRADING_DIR = '.grading';

export class WebContainerSandbox implements Sandbox {
  readonly kind = 'webcontainer' as const;
  readonly capabilities = { shell: true, preview: true };
  readonly #options: Required<WebContainerSandboxOptions>;
  readonly #events = new SandboxEvents();
  readonly #queue = new SerialQueue();
  #instance: WcInstance | undefined;
  #booting: Promise<WcInstance> | undefined;
  /** A boot the watchdog gave up on: if it still finishes, it holds the page's one instance, to be adopted. */
  #lateBoot: Promise<WcInstance> | undefined;
  #unsubscribe: Array<() => void> = [];
  /** What the container's file system holds now, and what the learner wants it to hold. */
  #mounted: FileMap = {};
  #wanted: FileMap = {};
  #grading: Promise<GradingBundle> | undefined;
  /** The Run app's PORT while Run is active; how many grades are running (their apps listen too). */
  #runPort: number | undefined;
  #gradesRunning = 0;
  /** The port the preview shows, so only its closing closes the preview. */
  #previewPort: number | undefined;

  constructor(options: WebContainerSandboxOptions) {
    this.#options = { bootTimeoutMs: 45_000, gradeSlackMs: 10_000, killGraceMs: 3000, runLimitMs: 15 * 60_000, ...options };
  }

  on(listener: SandboxListener): () => void {
    return this.#events.on(listener);
  }

  async boot(): Promise<void> {
    await this.#ensure();
  }

  #ensure(): Promise<WcInstance> {
    if (this.#instance) return Promise.resolve(this.#instance);
    this.#booting ??= this.#bootOnce().finally(() => (this.#booting = undefined));
    return this.#booting;
  }

  async #bootOnce(): Promise<WcInstance> {
    let instance: WcInstance;
    const booting = this.#lateBoot ?? this.#options.boot({ coep: 'require-corp', workdirName: 'app' });
    this.#lateBoot = undefined;
    try {
      instance = await withDeadline(booting, this.#options.bootTimeoutMs, 'Starting the sandbox');
    } catch (error) {
      if (error instanceof SandboxUnavailableError) throw error;
      if (error instanceof DeadlineExceeded) {
        // WebContainer allows one instance per page: a new boot() would throw while this one may still finish.
        this.#lateBoot = booting;
        booting.catch(() => {
          if (this.#lateBoot === booting) this.#lateBoot = undefined; // it failed after all: boot afresh next time
        });
        throw new SandboxUnavailableError('unreachable', `The in-browser sandbox did not start within ${formatSeconds(error.ms)}: StackBlitz's servers may be unreachable from this network.`);
      }
      throw new SandboxUnavailableError('failed', `The in-browser sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#instance = instance;
    this.#unsubscribe = [
      // WebContainer reports every listening process, the grader's apps and fake services too, and a preview
      // that follows them would send its own GET / into what a test records.
      instance.on('server-ready', (port, url) => {
        if (!this.#drivesPreview(port)) return;
        this.#previewPort = port;
        this.#events.emit({ type: 'preview', port, url });
      }),
      instance.on('port', (port, type) => {
        if (type !== 'close' || port !== this.#previewPort) return;
        this.#previewPort = undefined;
        this.#events.emit({ type: 'preview-closed', port });
      }),
    ];
    // A fresh container is empty: mount everything the learner has, in one go.
    this.#mounted = {};
    await this.#queue.push(async () => {
      await instance.mount(toFileSystemTree(this.#wanted));
      this.#mounted = { ...this.#wanted };
    });
    return instance;
  }

  /**
   * Only Run's app drives the preview: its PORT always while Run is active; another port (an app that ignores
   * PORT) only while no grade is running, since then nothing else can be listening.
   */
  #drivesPreview(port: number): boolean {
    if (this.#runPort === undefined) return false;
    return port === this.#runPort || this.#gradesRunning === 0;
  }

  async sync(files: FileMap): Promise<void> {
    this.#wanted = { ...files };
    await this.#ensure();
    await this.#queue.push(() => this.#applyDiff());
  }

  /** Uses the instance alive when the write runs: after a restart the boot has already mounted #wanted. */
  async #applyDiff(): Promise<void> {
    const instance = this.#instance;
    if (!instance) return;
    const target = this.#wanted;
    const { write, remove } = diffFiles(this.#mounted, target);
    for (const path of remove) await instance.fs.rm(path, { force: true });
    for (const [path, text] of Object.entries(write)) {
      const dir = parentDirs(path).pop();
      if (dir) await instance.fs.mkdir(dir, { recursive: true });
      await instance.fs.writeFile(path, text);
    }
    this.#mounted = { ...target };
  }

  async run(options: RunOptions): Promise<RunEnd> {
    let instance: WcInstance;
    try {
      instance = await this.#ensure();
    } catch (error) {
      return { reason: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    await this.#queue.idle();
    const env = { PORT: '3000', ...options.env };
    this.#runPort = Number(env.PORT);
    let process: WcProcess;
    try {
      process = await instance.spawn('node', [this.#options.exercise.main], { env, terminal: options.terminal });
    } catch (error) {
      // e.g. the instance was torn down (a restart) between boot and spawn
      this.#runPort = undefined;
      return { reason: 'failed', message: `The app could not start: ${error instanceof Error ? error.message : String(error)}` };
    }
    void process.output.pipeTo(new WritableStream({ write: (chunk) => options.onOutput(chunk) })).catch(() => {});
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(), this.#options.runLimitMs);
    const stopped = Promise.race([whenAborted(options.signal), whenAborted(limit.signal)]).then(() => 'stop' as const);
    try {
      const first = await Promise.race([process.exit, stopped]);
      if (first !== 'stop') return { reason: 'exited', code: first, message: `The app exited with code ${first}.` };
      const timedOut = limit.signal.aborted;
      await this.#stop(process);
      return timedOut
        ? { reason: 'timeout', message: `The app was stopped after ${formatSeconds(this.#options.runLimitMs)}.` }
        : { reason: 'stopped', message: 'The app was stopped.' };
    } finally {
      clearTimeout(timer);
      this.#runPort = undefined;
    }
  }

  /** kill(), and when a busy loop ignores it, restart the whole container. */
  async #stop(process: WcProcess): Promise<void> {
    process.kill();
    try {
      await withDeadline(process.exit, this.#options.killGraceMs, 'Stopping the app');
    } catch {
      await this.#restart('The app did not stop when asked (a busy loop cannot be interrupted in the browser), so the sandbox was restarted. Your files are safe.');
    }
  }

  async grade(options: { signal?: AbortSignal } = {}): Promise<GradeResult> {
    const { id, timeouts } = this.#options.exercise;
    const started = Date.now();
    let instance: WcInstance;
    let bundle: GradingBundle;
    try {
      instance = await this.#ensure();
      this.#grading ??= this.#options.loadGrading();
      bundle = await this.#grading.catch((error: unknown) => {
        this.#grading = undefined; // try again next time
        throw error;
      });
    } catch (error) {
      return errorResult(id, `Could not prepare the tests: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#gradesRunning++;
    try {
      await this.#queue.push(() => this.#writeGrading(instance, bundle.files));
      return await this.#runHarness(instance, id, timeouts.runMs, started, options.signal);
    } catch (error) {
      // The instance went away under the grade (torn down by a restart): an infrastructure failure, said as such.
      if (error instanceof DeadlineExceeded || this.#instance === instance) throw error;
      return errorResult(id, 'The in-browser sandbox was restarted while the tests were being set up. Your files are safe; run the tests again.', Date.now() - started);
    } finally {
      this.#gradesRunning--;
    }
  }

  async #runHarness(instance: WcInstance, id: string, runMs: number, started: number, signal?: AbortSignal): Promise<GradeResult> {
    let output = '';
    // The tests run inside the harness, which needs the reporter flag (harness-args.mjs); WebContainer's Node gets
    // no other flag: the syntax check falls back to a child process there.
    const process = await instance.spawn('node', [REPORTER_ARG, HARNESS_ENTRY], { output: true });
    void process.output.pipeTo(new WritableStream({ write: (chunk) => void (output += chunk) })).catch(() => {});
    const limitMs = runMs + this.#options.gradeSlackMs;
    try {
      const first = await withDeadline(Promise.race([process.exit, whenAborted(signal).then(() => 'stop' as const)]), limitMs, 'Grading');
      if (first === 'stop') {
        await this.#stop(process);
        return errorResult(id, 'Grading was cancelled.', Date.now() - started);
      }
    } catch (error) {
      if (!(error instanceof DeadlineExceeded)) throw error;
      await this.#restart(`The tests did not finish within ${formatSeconds(limitMs)}, so the sandbox was restarted. Your files are safe.`);
      return errorResult(id, `The tests did not finish within ${formatSeconds(limitMs)}: something in your code never finishes (an endless loop?). The in-browser sandbox was restarted with your files.`, Date.now() - started);
    }
    await this.#queue.push(() => instance.fs.rm(GRADING_DIR, { recursive: true, force: true }));
    return parseGradeOutput(id, output);
  }

  /** Hidden tests go in fresh for every grade, after the learner's files, so nothing the learner wrote shadows them. */
  async #writeGrading(instance: WcInstance, files: FileMap): Promise<void> {
    await instance.fs.rm(GRADING_DIR, { recursive: true, force: true });
    const dirs = new Set(Object.keys(files).flatMap(parentDirs));
    for (const dir of [...dirs].sort()) await instance.fs.mkdir(dir, { recursive: true });
    for (const [path, text] of Object.entries(files)) {
      if (!path.startsWith(`${GRADING_DIR}/`)) continue; // the bundle may only add hidden files
      await instance.fs.writeFile(path, text);
    }
  }

  async startShell(options: { onOutput: (text: string) => void; cols: number; rows: number }): Promise<ShellSession> {
    const instance = await this.#ensure();
    await this.#queue.idle();
    const process = await instance.spawn('jsh', [], { terminal: { cols: options.cols, rows: options.rows } });
    void process.output.pipeTo(new WritableStream({ write: (chunk) => options.onOutput(chunk) })).catch(() => {});
    const input = process.input.getWriter();
    return {
      write: (data) => void input.write(data).catch(() => {}),
      resize: (cols, rows) => process.resize({ cols, rows }),
      exit: process.exit,
      kill: () => process.kill(),
    };
  }

  /** Teardown and boot again; the learner's files come back from #wanted. */
  async #restart(reason: string): Promise<void> {
    this.#teardown();
    this.#events.emit({ type: 'restarted', reason });
    try {
      await this.#ensure();
    } catch {
      // The next operation reports the boot failure to the learner.
    }
  }

  #teardown(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    this.#instance?.teardown();
    this.#instance = undefined;
    this.#mounted = {};
    this.#previewPort = undefined;
  }

  async dispose(): Promise<void> {
    await this.#queue.idle().catch(() => {});
    this.#teardown();
    void this.#lateBoot?.then((instance) => instance.teardown(), () => {});
    this.#lateBoot = undefined;
  }
}
