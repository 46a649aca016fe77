// Shared state of one graded test file: the exercise settings, the check that is running, what its apps
// printed, and the records the reporter turns into GradeResult tests.
// Plain JavaScript, no dependencies, Node 20.19+ APIs only: this runs inside the sandbox and WebContainer.
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const gradingDir = path.dirname(fileURLToPath(import.meta.url));

export const OUTPUT_LIMIT = 500;

/** Time kept back from a test's budget so the kit's own, precise message wins over the generic timeout. */
export const MARGIN_MS = 250;

/**
 * { id, main, timeouts: { testMs, runMs }, appDir?, preloadsDir? } written by the runner; defaults let an author
 * run a file by hand. The server's runner keeps the judge (this folder) beside the learner's copy, never in it,
 * and names both folders relative to this one; the in-browser sandbox keeps the judge at <app>/.grading/.
 */
export const exercise = readExercise();

/** The learner's working copy. */
export const appDir = exercise.appDir ? path.resolve(gradingDir, exercise.appDir) : path.dirname(gradingDir);

/**
 * Where the preloads the kit loads into the learner's apps are: named by the runner, else beside the kit (the
 * in-browser bundle), else src/grading/app-preloads/ (the kit imported from the repo, e.g. by a unit test).
 */
export const preloadsDir = exercise.preloadsDir
  ? path.resolve(gradingDir, exercise.preloadsDir)
  : existsSync(path.join(gradingDir, 'lean-http-preload.cjs')) ? gradingDir : path.resolve(gradingDir, '../app-preloads');

function readExercise() {
  const fallback = { id: path.basename(path.dirname(gradingDir)), main: 'server.js', timeouts: { testMs: 5000, runMs: 20000 } };
  try {
    const raw = JSON.parse(readFileSync(path.join(gradingDir, 'exercise.json'), 'utf8'));
    return { ...fallback, ...raw, timeouts: { ...fallback.timeouts, ...raw.timeouts } };
  } catch {
    return fallback;
  }
}

/** An error whose message is written for the learner; the reporter shows it as it is. */
export class GradingError extends Error {
  constructor(message) {
    super(message);
    this.name = 'GradingError';
  }
}

/**
 * A check that could not be made for a reason outside the learner's code (a process the grader could not start,
 * its machine out of processes or memory). Reported as status "error" without the check's hint: the hint is
 * about the factor, and this failure says nothing about it.
 */
export class InfrastructureError extends GradingError {
  constructor(message) {
    super(message);
    this.name = 'InfrastructureError';
  }
}

/** The kit's own per-check timeout: the learner's app (or loop) kept the check waiting, whatever the factor. */
export class CheckTimeoutError extends GradingError {
  constructor(message) {
    super(message);
    this.name = 'CheckTimeoutError';
  }
}

/**
 * What a failed test says to the learner: the message the author wrote (node:assert appends a diff to custom
 * messages, worded differently on Node 20 and 24 and often revealing the expected value — it is cut off),
 * the kit's own message, or "Name: message" for anything else. Never a stack trace.
 */
export function failureMessage(error) {
  if (error?.code === 'ERR_ASSERTION') {
    // node:assert colours its diff when FORCE_COLOR or a TTY asks for it; learners read plain text.
    // eslint-disable-next-line no-control-regex
    let text = String(error.message).replace(/\u001b\[[0-9;]*m/g, '');
    if (error.generatedMessage === false) {
      const diff = text.indexOf('\n+ actual - expected');
      if (diff !== -1) text = text.slice(0, diff);
      else text = text.replace(/\n\n[^\n]* !== [^\n]*\n?$/, '');
    }
    return text.trim();
  }
  if (error instanceof GradingError || error?.name === 'GradingError') return String(error.message).trim();
  if (error instanceof Error) return `${error.name}: ${error.message}`.trim();
  return String(error).trim();
}

/** "5 s", "1.5 s" */
export function seconds(ms) {
  return `${Math.round(ms / 100) / 10} s`;
}

// --- the records the reporter reads -------------------------------------------------------------------------
// The reporter is loaded by node:test in this same process (the harness imports the test files; nothing runs
// them with --test), so a process-wide registry is the simplest channel that is identical on Node 20 and 24.
const RECORDS = Symbol.for('twelve-factor-lab.grading.records');
globalThis[RECORDS] ??= [];

/** A record per check() call, in declaration order: { name, hint, message?, output, claimed }. */
export function addRecord(record) {
  globalThis[RECORDS].push(record);
}

/** The first unclaimed record for a test name; names may repeat, so each record is handed out once. */
export function claimRecord(name) {
  const record = (globalThis[RECORDS] ?? []).find((candidate) => !candidate.claimed && candidate.name === name);
  if (record) record.claimed = true;
  return record;
}

/** Checks declared but not reported yet: what an early exit would lose (see harness.mjs). */
export function unclaimedRecords() {
  return (globalThis[RECORDS] ?? []).filter((record) => !record.claimed);
}

// The harness takes each GradeResult test the reporter makes; without it (a test file run by hand with this
// reporter) the reporter prints them as JSON lines.
const RESULTS = Symbol.for('twelve-factor-lab.grading.results');

export function receiveResults(sink) {
  globalThis[RESULTS] = sink;
}

/** Hands a result to the harness; false when no harness is listening. */
export function deliverResult(result) {
  const sink = globalThis[RESULTS];
  if (typeof sink !== 'function') return false;
  sink(result);
  return true;
}

// --- the running check ---------------------------------------------------------------------------------------
const storage = new AsyncLocalStorage();

/** Runs fn with ctx as the current check; startApp & co. find it without being passed anything. */
export function runInCheck(ctx, fn) {
  return storage.run(ctx, fn);
}

/** The current check, or a context that lives until the process exits (e.g. a `before` hook). */
export function currentCheck() {
  return storage.getStore() ?? (processContext ??= newContext(Number.POSITIVE_INFINITY));
}

let processContext;

export function newContext(deadline) {
  return { deadline, resources: new Set(), output: new OutputBuffer() };
}

/** Milliseconds the current check has left, minus the margin; a full test budget outside a check. */
export function remainingMs() {
  const { deadline } = currentCheck();
  if (!Number.isFinite(deadline)) return exercise.timeouts.testMs;
  return Math.max(0, deadline - Date.now() - MARGIN_MS);
}

/** Registers something to tear down when the check ends: { stop(): Promise<void>, late?: boolean }. */
export function track(resource) {
  const ctx = currentCheck();
  ctx.resources.add(resource);
  return () => ctx.resources.delete(resource);
}

/**
 * Stops every resource of ctx; never throws, because a cleanup failure must not hide the test's verdict.
 * Resources marked `late` (folders) go after the rest (the apps that may still be writing into them).
 */
export async function releaseAll(ctx) {
  const resources = [...ctx.resources];
  ctx.resources.clear();
  const stop = (list) => Promise.all(list.map((resource) => Promise.resolve().then(() => resource.stop()).catch(() => {})));
  await stop(resources.filter((resource) => !resource.late));
  await stop(resources.filter((resource) => resource.late));
}

// --- learner output ------------------------------------------------------------------------------------------
/** Collects what apps printed during one check; keeps only what can be shown plus a count of the rest. */
export class OutputBuffer {
  text = '';
  total = 0;

  append(chunk) {
    this.total += chunk.length;
    if (this.text.length < OUTPUT_LIMIT) this.text += chunk.slice(0, OUTPUT_LIMIT - this.text.length);
  }

  /** At most OUTPUT_LIMIT characters including the notice. */
  toString() {
    return truncate(this.text, this.total);
  }
}

/** Keeps the head of the text and ends with "…[truncated, N more characters]" when it does not fit. */
export function truncate(text, total = text.length, limit = OUTPUT_LIMIT) {
  if (total <= limit) return text;
  // The notice's length depends on the count it reports; shrink until both fit (converges in a step or two).
  let keep = limit;
  for (let next = limit - notice(total - keep).length; next !== keep; next = limit - notice(total - keep).length) {
    keep = next;
  }
  return text.slice(0, keep) + notice(total - keep);
}

function notice(more) {
  return `\n…[truncated, ${more} more characters]`;
}

// --- the app's environment -----------------------------------------------------------------------------------
/**
 * The environment an app starts with: PATH and HOME only, then the test's variables (undefined removes one).
 * The sandbox's own environment is never inherited, so the tests control every variable the app sees.
 */
export function appEnv(extra = {}) {
  const env = {};
  for (const name of ['PATH', 'HOME']) if (process.env[name] !== undefined) env[name] = process.env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = String(value);
  }
  return env;
}
