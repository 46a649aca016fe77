import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exercise } from './exercises.ts';
import { errorResult, parseGradeResult, type GradeResult } from './grade-result.ts';
import { HARNESS_ARGS } from './harness/harness-args.mjs';
import { isAppPreloadFile, isHarnessFile } from './harness-files.ts';

/**
 * One grading run's process: a temp dir with app/.grading/ (harness, kit, hidden tests) and tmp/, and the
 * harness started in it before the learner's files arrive. The harness loads the kit and node:test, then waits
 * for "go" on stdin (harness.mjs), so a grader started ahead of time (warm-graders.ts) takes a grade's Node
 * start and module loading off the learner's wait. The caller places the learner's files in `work`, then calls
 * go(); or discard(). Either way the temp dir is removed at the end.
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
}

/** A launched process; handOver() gives files added to cwd since the launch to the run's user, if it has one. */
export type LaunchedProcess = ChildProcess & { handOver?: () => void };

/**
 * Starts the harness process. Replaceable so a sandbox (e.g. bubblewrap) can wrap the command; the returned
 * child must lead its own process group (detached) so the runner can kill everything it started.
 */
export type Launcher = (spec: LaunchSpec) => LaunchedProcess;

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
}

export interface Grader {
  readonly exerciseId: string;
  /** The working copy (the harness's cwd): the learner's files go here, never under .grading/. */
  readonly work: string;
  /** False once the process has ended (a grader that died while waiting cannot grade). */
  readonly alive: boolean;
  /** Starts the tests on what is in `work`; resolves with the GradeResult, then removes the temp dir. */
  go(runMs: number): Promise<GradeResult>;
  /** Ends a grader that will not be used and removes its temp dir. */
  discard(): void;
}

export function startGrader(exercise: Exercise, options: GraderOptions = {}): Grader {
  // Real path: /proc reports working directories resolved, and killProcessesIn compares against them.
  const root = realpathSync(mkdtempSync(path.join(options.tmpRoot ?? tmpdir(), `grade-${exercise.id}-`)));
  // Traversable but not listable: a sandboxed run under another uid must reach app/ and tmp/ inside it.
  chmodSync(root, 0o711);
  const work = path.join(root, 'app');
  let child: LaunchedProcess;
  try {
    mkdirSync(path.join(root, 'tmp'));
    placeGradingFiles(work, exercise);
    child = (options.launcher ?? directLauncher)({
      command: nodeBinaryPath(options.nodeBinary), args: [...HARNESS_ARGS], cwd: work, env: harnessEnv(root, options), stdin: 'pipe',
    });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  child.stdin?.on('error', () => {}); // a harness that already died: its exit tells the rest
  const output = collectOutput(child);
  let state: 'waiting' | 'running' | 'done' = 'waiting';
  const removeRoot = () => rmSync(root, { recursive: true, force: true, maxRetries: 3 });

  return {
    exerciseId: exercise.id,
    work,
    get alive() { return state === 'waiting' && output.ended === undefined; },
    go(runMs) {
      if (state !== 'waiting') throw new Error('a grader grades once');
      state = 'running';
      child.handOver?.();
      child.stdin?.end('go\n');
      return finishRun(exercise.id, child, output, root, runMs).finally(() => {
        state = 'done';
        removeRoot();
      });
    },
    discard() {
      if (state === 'done') return;
      state = 'done';
      child.stdin?.end(); // the harness exits on its own; the kill is for one that does not listen
      killGroup(child, 'SIGKILL');
      child.once('close', removeRoot);
      if (output.ended !== undefined) removeRoot();
    },
  };
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

function placeGradingFiles(work: string, exercise: Exercise): void {
  const grading = path.join(work, '.grading');
  mkdirSync(path.join(grading, 'tests'), { recursive: true });
  for (const name of readdirSync(HARNESS_DIR)) {
    if (isHarnessFile(name)) cpSync(path.join(HARNESS_DIR, name), path.join(grading, name));
  }
  for (const name of readdirSync(APP_PRELOADS_DIR)) {
    if (isAppPreloadFile(name)) cpSync(path.join(APP_PRELOADS_DIR, name), path.join(grading, name));
  }
  // Helpers beside the tests (e.g. tests/fixtures.mjs) come along; only *.test.mjs files are run.
  cpSync(path.join(exercise.dir, 'tests'), path.join(grading, 'tests'), { recursive: true });
  const { main, timeouts } = exercise.meta;
  writeFileSync(path.join(grading, 'exercise.json'), JSON.stringify({ id: exercise.id, main, timeouts }));
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
function finishRun(id: string, child: ChildProcess, output: Output, root: string, runMs: number): Promise<GradeResult> {
  let failure: string | undefined;
  const stopAll = (reason: string) => {
    failure ??= reason;
    killGroup(child, 'SIGTERM'); // lets the kit stop the apps it started in their own process groups
    setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
  };
  const timer = setTimeout(() => stopAll(`did not finish in ${formatSeconds(runMs)} — is something waiting forever?`), runMs);
  output.onOverflow = () => stopAll('The grader produced too much output.');
  if (output.overflow) output.onOverflow();
  return output.closed.then(() => {
    clearTimeout(timer);
    killGroup(child, 'SIGKILL'); // stragglers left in the group
    const { code, signal } = output.ended ?? { code: null, signal: null };
    failure ??= output.startError ?? (output.overflow ? 'The grader produced too much output.' : undefined);
    if (failure || code !== 0) killProcessesIn(root);
    if (failure) return errorResult(id, failure);
    const text = output.stdout.trim();
    if (!text) {
      const killedBy = signal ?? signalOfExitCode(code);
      if (killedBy) {
        // The tests run in the grader's process, so an app that signals its parent ends the whole run.
        return errorResult(id, `The grader was killed (${killedBy}) before it could report a result. Does your app send signals to other processes (process.kill)?`);
      }
      const last = output.stderr.trim().split('\n').filter(Boolean).pop();
      return errorResult(id, `The grader stopped without a result (exit code ${code})${last ? `: ${last}` : ''}.`);
    }
    const parsed = parseGradeResult(text);
    if (!parsed.ok) return errorResult(id, `The grader returned a malformed result (${parsed.reason}).`);
    return parsed.result;
  });
}

/** A sandbox reports its process's death by signal N as exit code 128 + N (bubblewrap does). */
function signalOfExitCode(code: number | null): string | undefined {
  if (code === null || code <= 128) return undefined;
  return Object.entries(osConstants.signals).find(([, number]) => number === code - 128)?.[0];
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined) killPid(-child.pid, signal);
}

/**
 * After a run that did not end cleanly (timeout, crash), apps may survive in process groups of their own, with
 * their parents SIGKILLed before they could clean up. Every process the run started works inside the temp dir,
 * so /proc finds them without trusting anything the learner's code could have written. No /proc (macOS): the
 * kit's own SIGTERM handler is the only clean-up.
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
