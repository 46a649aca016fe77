import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exercise } from './exercises.ts';
import { errorResult, type GradeResult } from './grade-result.ts';
import { verdict } from './verdict.ts';
import { SERVER_HARNESS_ARGS } from './harness/harness-args.mjs';
import { isAppPreloadFile, isHarnessFile } from './harness-files.ts';

/**
 * One grading run's process: a run root with app/ (the learner's files), judge/ (harness, kit, hidden tests,
 * exercise.json), preloads/ (what the kit loads into the learner's apps) and tmp/ (the harness's temp folder),
 * and the harness started in app/ before the learner's files arrive. The harness loads the kit and node:test,
 * then waits for "go <token>" on stdin (harness.mjs), so a grader started ahead of time (warm-graders.ts) takes
 * a grade's Node start and module loading off the learner's wait. The caller places the learner's files in
 * `work`, then calls go(); or discard(). Either way the run root is removed at the end.
 * The judge is never inside the learner's copy: a sandbox (src/sandbox/) mounts judge/ for the harness only.
 */

export const HARNESS_DIR = fileURLToPath(new URL('./harness/', import.meta.url));
export const APP_PRELOADS_DIR = fileURLToPath(new URL('./app-preloads/', import.meta.url));
const STDOUT_LIMIT = 1_000_000;
const STDERR_LIMIT = 20_000;
const KILL_GRACE_MS = 1000;

/** What the launcher must start: `command args…` in cwd with exactly env; stdin a pipe only if asked. */
export interface LaunchSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: 'pipe' | 'ignore';
  /**
   * Set for a grading run: its root (cwd is <root>/app). A sandbox mounts judge/ for the harness alone and
   * starts the learner's processes for it (src/sandbox/app-broker.ts); without one the harness spawns them.
   */
  runRoot?: string;
}

/**
 * A launched process. handOver() gives files added to cwd since the launch to the run's learner uid, if it has
 * one; stop(signal) signals the run's processes the launcher's way (default: the process group).
 */
export type LaunchedProcess = ChildProcess & {
  handOver?: () => void;
  stop?: (signal: NodeJS.Signals) => void;
  /** Resolves once everything the run started is gone (after 'close'), where the launcher knows more than the child. */
  settled?: Promise<void>;
};

/**
 * Starts the harness process. Replaceable so a sandbox (e.g. bubblewrap) can wrap the command; the returned
 * child must lead its own process group (detached) so the runner can kill everything it started.
 */
export type Launcher = ((spec: LaunchSpec) => LaunchedProcess) & {
  /** Makes a run root (e.g. a size-limited filesystem of its own); default: a temp dir. */
  makeRunRoot?: (parent: string, prefix: string) => string;
  /** Removes what makeRunRoot made, with everything in it. */
  removeRunRoot?: (root: string) => Promise<void>;
};

export const directLauncher: Launcher = ({ command, args, cwd, env, stdin = 'ignore' }) =>
  spawn(command, args, { cwd, env, detached: true, stdio: [stdin, 'pipe', 'pipe'] });

export interface GraderOptions {
  /** The Node binary that runs the harness, the tests and the learner's app (default: this process's). */
  nodeBinary?: string;
  launcher?: Launcher;
  /** Where temp dirs are created (default: the OS temp dir). */
  tmpRoot?: string;
  /** See GradeOptions.stopAtFirstFailure. */
  stopAtFirstFailure?: boolean;
  /** See GradeOptions.acceptUndeclaredTests. */
  acceptUndeclaredTests?: boolean;
}

export interface Grader {
  readonly exerciseId: string;
  /** The working copy (the harness's cwd): the learner's files go here. */
  readonly work: string;
  /** False once the process has ended (a grader that died while waiting cannot grade). */
  readonly alive: boolean;
  /** Starts the tests on what is in `work`; resolves with the GradeResult, then removes the temp dir. */
  go(runMs: number): Promise<GradeResult>;
  /** Ends a grader that will not be used and removes its temp dir. */
  discard(): void;
}

export function startGrader(exercise: Exercise, options: GraderOptions = {}): Grader {
  const launcher = options.launcher ?? directLauncher;
  const parent = options.tmpRoot ?? tmpdir();
  // Run roots are named alike for grades and Runs: nothing in a path tells an app it is being graded.
  // Real path: /proc reports working directories resolved, and killProcessesIn compares against them.
  const root = launcher.makeRunRoot?.(parent, 'tfl-') ?? realpathSync(mkdtempSync(path.join(parent, 'tfl-')));
  const removeRoot = () => (launcher.removeRunRoot ?? removeTree)(root).catch(() => {});
  // Traversable but not listable: a sandboxed run under another uid must reach app/ and tmp/ inside it.
  chmodSync(root, 0o711);
  const work = path.join(root, 'app');
  let child: LaunchedProcess;
  try {
    mkdirSync(work);
    mkdirSync(path.join(root, 'tmp'));
    placeJudge(root, exercise);
    child = launcher({
      command: nodeBinaryPath(options.nodeBinary), args: [...SERVER_HARNESS_ARGS], cwd: work, env: harnessEnv(root, options), stdin: 'pipe', runRoot: root,
    });
  } catch (error) {
    void removeRoot();
    throw error;
  }
  child.stdin?.on('error', () => {}); // a harness that already died: its exit tells the rest
  const output = collectOutput(child);
  let state: 'waiting' | 'running' | 'done' = 'waiting';

  return {
    exerciseId: exercise.id,
    work,
    get alive() { return state === 'waiting' && output.ended === undefined; },
    go(runMs) {
      if (state !== 'waiting') throw new Error('a grader grades once');
      state = 'running';
      child.handOver?.();
      // The token proves the verdict came from this harness: only the runner and the harness (its stdin) know it.
      const token = randomBytes(16).toString('hex');
      child.stdin?.end(`go ${token}\n`);
      return finishRun(exercise, child, output, root, runMs, token, options.acceptUndeclaredTests === true).finally(() => {
        state = 'done';
        return removeRoot();
      });
    },
    discard() {
      if (state === 'done') return;
      state = 'done';
      child.stdin?.end(); // the harness exits on its own; the kill is for one that does not listen
      stopRun(child, 'SIGKILL');
      child.once('close', () => void removeRoot());
      if (output.ended !== undefined) void removeRoot();
    },
  };
}

/**
 * Removes a run's tree without blocking the event loop, whatever learner code left in it: `rm -rf` copes with
 * chains deeper than the open-file limit and hundreds of thousands of files, in a process of its own.
 */
export function removeTree(dir: string): Promise<void> {
  return new Promise((resolve) => {
    const rm = spawn('rm', ['-rf', '--one-file-system', '--', dir], { stdio: 'ignore' });
    rm.on('error', () => resolve());
    rm.on('close', () => resolve());
  });
}

function nodeBinaryPath(nodeBinary: string | undefined): string {
  // A relative binary path ("node_modules/.bin/node") means relative to here, not to the temp dir.
  return nodeBinary?.includes('/') ? path.resolve(nodeBinary) : (nodeBinary ?? process.execPath);
}

function harnessEnv(root: string, options: GraderOptions): Record<string, string> {
  // The harness gets a minimal environment too: the sandbox's secrets have no business in a grading run.
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'LANG']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.TMPDIR = path.join(root, 'tmp');
  env.GRADING_WAIT_FOR_GO = '1';
  if (options.stopAtFirstFailure) env.GRADING_STOP_AT_FIRST_FAILURE = '1';
  return env;
}

/** judge/ and preloads/ beside the learner's copy; exercise.json tells the kit where each is. */
function placeJudge(root: string, exercise: Exercise): void {
  const judge = path.join(root, 'judge');
  const preloads = path.join(root, 'preloads');
  mkdirSync(path.join(judge, 'tests'), { recursive: true });
  mkdirSync(preloads);
  for (const name of readdirSync(HARNESS_DIR)) {
    if (isHarnessFile(name)) cpSync(path.join(HARNESS_DIR, name), path.join(judge, name));
  }
  for (const name of readdirSync(APP_PRELOADS_DIR)) {
    if (isAppPreloadFile(name)) cpSync(path.join(APP_PRELOADS_DIR, name), path.join(preloads, name));
  }
  // Helpers beside the tests (e.g. tests/fixtures.mjs) come along; only *.test.mjs files are run.
  cpSync(path.join(exercise.dir, 'tests'), path.join(judge, 'tests'), { recursive: true });
  const { main, timeouts } = exercise.meta;
  writeFileSync(path.join(judge, 'exercise.json'), JSON.stringify({ id: exercise.id, main, timeouts, appDir: '../app', preloadsDir: '../preloads' }));
}

interface Output {
  stdout: string;
  stderr: string;
  /** Set when the process has closed: its exit code and signal. */
  ended?: { code: number | null; signal: NodeJS.Signals | null };
  startError?: string;
  /** Set once stdout grew past its limit; onOverflow (set by the run) is told at once. */
  overflow: boolean;
  onOverflow?: () => void;
  closed: Promise<void>;
}

/** Collects what the harness prints from its start on (an import that fails before "go" still says why). */
function collectOutput(child: ChildProcess): Output {
  const output: Output = { stdout: '', stderr: '', overflow: false, closed: Promise.resolve() };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
    if (output.stdout.length > STDOUT_LIMIT && !output.overflow) {
      output.overflow = true;
      output.onOverflow?.();
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    if (output.stderr.length < STDERR_LIMIT) output.stderr += chunk;
  });
  output.closed = new Promise((resolve) => {
    child.on('error', (error) => {
      output.startError ??= `Could not start the grader: ${error.message}`;
    });
    child.on('close', (code, signal) => {
      output.ended = { code, signal };
      resolve();
    });
  });
  return output;
}

/** Waits for the result under the whole-run time limit; always resolves with a GradeResult. */
function finishRun(exercise: Exercise, child: LaunchedProcess, output: Output, root: string, runMs: number, token: string, anyTests: boolean): Promise<GradeResult> {
  const id = exercise.id;
  let failure: string | undefined;
  const stopAll = (reason: string) => {
    failure ??= reason;
    stopRun(child, 'SIGTERM'); // lets the kit stop the apps it started
    setTimeout(() => stopRun(child, 'SIGKILL'), KILL_GRACE_MS).unref();
  };
  const timer = setTimeout(() => stopAll(`did not finish in ${formatSeconds(runMs)} — is something waiting forever?`), runMs);
  output.onOverflow = () => stopAll('The grader produced too much output.');
  if (output.overflow) output.onOverflow();
  return output.closed.then(() => child.settled).then(() => {
    clearTimeout(timer);
    stopRun(child, 'SIGKILL'); // stragglers left in the group
    const { code, signal } = output.ended ?? { code: null, signal: null };
    failure ??= output.startError ?? (output.overflow ? 'The grader produced too much output.' : undefined);
    if (failure || code !== 0) killProcessesIn(root);
    if (failure) return errorResult(id, failure);
    const text = output.stdout.trim().split('\n').pop() ?? '';
    const killedBy = signal ?? signalOfExitCode(code);
    if (killedBy) {
      // Whatever it printed before: a harness that did not finish its run has no verdict.
      return errorResult(id, `The grader was killed (${killedBy}) before it could report a result. Does your app send signals to other processes (process.kill)?`);
    }
    if (!text || code !== 0) {
      const last = output.stderr.trim().split('\n').filter(Boolean).pop();
      return errorResult(id, `The grader stopped without a result (exit code ${code})${last && !text ? `: ${last}` : ''}.`);
    }
    return verdict(exercise, text, token, anyTests);
  });
}

/** A sandbox reports its process's death by signal N as exit code 128 + N (bubblewrap does). */
function signalOfExitCode(code: number | null): string | undefined {
  if (code === null || code <= 128) return undefined;
  return Object.entries(osConstants.signals).find(([, number]) => number === code - 128)?.[0];
}

/** Signals the run's processes: the launcher's way when it has one, else the process group. */
function stopRun(child: LaunchedProcess, signal: NodeJS.Signals): void {
  if (child.stop) child.stop(signal);
  else if (child.pid !== undefined) killPid(-child.pid, signal);
}

/**
 * After a run that did not end cleanly (timeout, crash), apps may survive in process groups of their own, with
 * their parents SIGKILLed before they could clean up. Every process the run started works inside the temp dir,
 * so /proc finds them without trusting anything the learner's code could have written. (As root, learner
 * processes work at /app in sandboxes of their own and are not found here: their pid namespaces and the run's
 * cgroup end them with the run.) No /proc (macOS): the kit's own SIGTERM handler is the only clean-up.
 */
function killProcessesIn(root: string): void {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      continue; // gone, or not ours
    }
    if (cwd === root || cwd.startsWith(root + path.sep)) {
      killPid(-Number(entry), 'SIGKILL'); // its group, for children that moved elsewhere
      killPid(Number(entry), 'SIGKILL');
    }
  }
}

function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** 20000 → "20 s", 1500 → "1.5 s" */
function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
