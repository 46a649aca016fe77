import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_EXERCISES_DIR, ExerciseError, loadExercise, type Exercise } from './exercises.ts';
import { errorResult, parseGradeResult, type GradeResult } from './grade-result.ts';
import { HARNESS_ARGS } from './harness/harness-args.mjs';
import { isHarnessFile } from './harness-files.ts';

/**
 * Grades a learner's working copy on this machine: fresh temp dir ← learner files, then hidden tests and the
 * harness under .grading/ (replacing anything the learner put there), then `node ...HARNESS_ARGS` (harness/harness-args.mjs) under a
 * whole-run time limit. Always returns a GradeResult and always removes the temp dir.
 */

export const HARNESS_DIR = fileURLToPath(new URL('./harness/', import.meta.url));
const STDOUT_LIMIT = 1_000_000;
const STDERR_LIMIT = 20_000;
const KILL_GRACE_MS = 1000;

/** What the launcher must start: `command args…` in cwd with exactly env. */
export interface LaunchSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/**
 * Starts the harness process. Replaceable so a sandbox (e.g. bubblewrap) can wrap the command; the returned
 * child must lead its own process group (detached) so the runner can kill everything it started.
 */
export type Launcher = (spec: LaunchSpec) => ChildProcess;

export const directLauncher: Launcher = ({ command, args, cwd, env }) =>
  spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

export interface GradeOptions {
  exerciseId: string;
  /** The learner's working copy as a folder… */
  dir?: string;
  /** …or as files: relative path → UTF-8 text. */
  files?: Record<string, string>;
  exercisesDir?: string;
  /** The Node binary that runs the harness, the tests and the learner's app (default: this process's). */
  nodeBinary?: string;
  launcher?: Launcher;
  /** Overrides the exercise's timeouts.runMs. */
  runMs?: number;
  /** Where temp dirs are created (default: the OS temp dir). */
  tmpRoot?: string;
  /**
   * End the run at the first failing check (the others fail as "not run"): enough to know that a starter
   * fails, for `npm run verify`, never for a learner's grade.
   */
  stopAtFirstFailure?: boolean;
}

export async function gradeWorkingCopy(options: GradeOptions): Promise<GradeResult> {
  const started = Date.now();
  const id = options.exerciseId;
  let exercise: Exercise;
  try {
    exercise = loadExercise(id, options.exercisesDir ?? DEFAULT_EXERCISES_DIR);
  } catch (error) {
    const message = error instanceof ExerciseError ? error.problems.join('; ') : String(error);
    return errorResult(id, `Cannot grade exercise "${id}": ${message}`);
  }
  // One dir holds everything a run creates: app/ (the working copy, the harness's cwd) and tmp/ (its TMPDIR).
  // Real path: /proc reports working directories resolved, and killProcessesIn compares against them.
  const root = realpathSync(mkdtempSync(path.join(options.tmpRoot ?? tmpdir(), `grade-${id}-`)));
  // Traversable but not listable: a sandboxed run under another uid must reach app/ and tmp/ inside it.
  chmodSync(root, 0o711);
  const work = path.join(root, 'app');
  mkdirSync(path.join(root, 'tmp'));
  try {
    const problem = placeLearnerFiles(work, options);
    if (problem) return errorResult(id, problem, Date.now() - started);
    placeGradingFiles(work, exercise);
    const runMs = options.runMs ?? exercise.meta.timeouts.runMs;
    const result = await runHarness(root, id, runMs, options);
    return { ...result, durationMs: Date.now() - started };
  } finally {
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Copies the working copy in; returns a learner-facing problem instead of throwing. */
function placeLearnerFiles(work: string, options: GradeOptions): string | undefined {
  mkdirSync(work);
  if (options.files) {
    for (const [rel, text] of Object.entries(options.files)) {
      const target = path.resolve(work, rel);
      if (!target.startsWith(work + path.sep) || rel.includes('\0')) return `Unsafe file path "${rel}" — use paths inside the project.`;
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  } else if (options.dir) {
    if (!existsSync(options.dir) || !statSync(options.dir).isDirectory()) return `No such folder: ${options.dir}`;
    // Symlinks are copied as links, not followed: a link must not pull files from outside the working copy.
    cpSync(options.dir, work, { recursive: true, verbatimSymlinks: true });
  } else {
    return 'Nothing to grade: pass a folder or files.';
  }
  // Whatever the learner put at .grading must not shadow the hidden tests or the kit.
  rmSync(path.join(work, '.grading'), { recursive: true, force: true });
  return undefined;
}

function placeGradingFiles(work: string, exercise: Exercise): void {
  const grading = path.join(work, '.grading');
  mkdirSync(path.join(grading, 'tests'), { recursive: true });
  for (const name of readdirSync(HARNESS_DIR)) {
    if (isHarnessFile(name)) cpSync(path.join(HARNESS_DIR, name), path.join(grading, name));
  }
  // Helpers beside the tests (e.g. tests/fixtures.mjs) come along; only *.test.mjs files are run.
  cpSync(path.join(exercise.dir, 'tests'), path.join(grading, 'tests'), { recursive: true });
  const { main, timeouts } = exercise.meta;
  writeFileSync(path.join(grading, 'exercise.json'), JSON.stringify({ id: exercise.id, main, timeouts }));
}

function runHarness(root: string, id: string, runMs: number, options: GradeOptions): Promise<GradeResult> {
  const launch = options.launcher ?? directLauncher;
  // The harness gets a minimal environment too: the sandbox's secrets have no business in a grading run.
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'LANG']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.TMPDIR = path.join(root, 'tmp');
  if (options.stopAtFirstFailure) env.GRADING_STOP_AT_FIRST_FAILURE = '1';
  // A relative binary path ("node_modules/.bin/node") means relative to here, not to the temp dir.
  const node = options.nodeBinary?.includes('/') ? path.resolve(options.nodeBinary) : (options.nodeBinary ?? process.execPath);
  const child = launch({ command: node, args: [...HARNESS_ARGS], cwd: path.join(root, 'app'), env });

  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let failure: string | undefined;
    const stopAll = (reason: string) => {
      failure ??= reason;
      killGroup(child, 'SIGTERM'); // lets the kit stop the apps it started in their own process groups
      setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(
      () => stopAll(`did not finish in ${formatSeconds(runMs)} — is something waiting forever?`),
      runMs,
    );
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.length > STDOUT_LIMIT) stopAll('The grader produced too much output.');
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < STDERR_LIMIT) stderr += chunk;
    });
    child.on('error', (error) => {
      failure ??= `Could not start the grader: ${error.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(child, 'SIGKILL'); // stragglers left in the group
      if (failure || code !== 0) killProcessesIn(root);
      if (failure) return resolve(errorResult(id, failure));
      const text = stdout.trim();
      if (!text) {
        const killedBy = signal ?? signalOfExitCode(code);
        if (killedBy) {
          // The tests run in the grader's process, so an app that signals its parent ends the whole run.
          return resolve(errorResult(id, `The grader was killed (${killedBy}) before it could report a result. Does your app send signals to other processes (process.kill)?`));
        }
        const last = stderr.trim().split('\n').filter(Boolean).pop();
        return resolve(errorResult(id, `The grader stopped without a result (exit code ${code})${last ? `: ${last}` : ''}.`));
      }
      const parsed = parseGradeResult(text);
      if (!parsed.ok) return resolve(errorResult(id, `The grader returned a malformed result (${parsed.reason}).`));
      resolve(parsed.result);
    });
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
export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
