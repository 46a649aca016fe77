// The grading kit: what hidden tests import as `../kit.mjs` (API documented in docs/authoring.md).
// Plain JavaScript ESM, zero dependencies, Node 20.19+ APIs only — it runs in the server sandbox and in
// WebContainer alike.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { NOT_PROJECT } from './kit-copy.mjs';
import { schedule, stopAtFirstFailure } from './kit-schedule.mjs';
import {
  CheckTimeoutError, GradingError, InfrastructureError, addRecord, appDir, exercise, failureMessage, newContext, preloadsDir, releaseAll, runInCheck, seconds, truncate,
} from './kit-context.mjs';

export { appDir, GradingError, InfrastructureError } from './kit-context.mjs';
export { startApp, runNode } from './kit-process.mjs';
export { canConnect, freePort, startFakeService } from './kit-net.mjs';
export { httpFetch } from './kit-http.mjs';
export { appCopy } from './kit-copy.mjs';
export { watchWrites } from './kit-writes.mjs';
export { importGraph, importsOf, tokenize, withoutComments } from './kit-source-graph.mjs';

const MESSAGE_LIMIT = 2000;

// `npm run verify` only needs to know that a starter fails. In a run that stops at the first failure
// (stopAtFirstFailure, kit-schedule.mjs) checks run one at a time and those after the first failure fail
// without starting: a starter's verdict costs its first failing check, not a full run.
const NOT_RUN = 'not run: an earlier check failed, and this run stops at the first failure';
let failedAlready = false;

/**
 * Declares one graded test. The kit enforces the exercise's per-test time itself (so it can stop the apps and
 * say "did not finish in 5 s"), records the learner-facing message, hint and output for the reporter, and
 * stops every app and fake service the test started. Checks run side by side unless declared { serial: true }
 * (see kit-schedule.mjs); fn gets no node:test context, because it may start before node:test reaches it.
 */
export function check(name, options, fn) {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError('check(name, { hint }, fn): name must be a non-empty string');
  if (typeof options?.hint !== 'string' || options.hint.trim() === '') {
    throw new TypeError(`check("${name}"): every check needs a hint — check(name, { hint: '…' }, fn)`);
  }
  if (options.serial !== undefined && typeof options.serial !== 'boolean') {
    throw new TypeError(`check("${name}"): serial must be true or false`);
  }
  if (typeof fn !== 'function') throw new TypeError(`check("${name}", { hint }, fn): fn must be a function`);
  const record = { name, hint: options.hint, message: undefined, output: '', claimed: false };
  addRecord(record);
  const testMs = exercise.timeouts.testMs;
  const outcome = schedule(() => runCheck(record, testMs, () => fn()), { serial: options.serial });
  outcome.catch(() => {}); // reported when node:test reaches this test, which may be after it settled
  // node:test reports the outcome in declaration order; its own timeout is only a safety net behind the kit's
  // (it cannot stop the apps), counted from when it reaches the test, so it never fires before the kit's.
  test(name, { timeout: testMs + 2000 }, () => outcome);
}

async function runCheck(record, testMs, body) {
  const ctx = newContext(Date.now() + testMs);
  let timer;
  try {
    if (failedAlready) throw new GradingError(NOT_RUN);
    const run = runInCheck(ctx, () => Promise.resolve().then(body));
    run.catch(() => {}); // if the test times out, its late failure must not surface as an unhandled rejection
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new CheckTimeoutError(`did not finish in ${seconds(testMs)} — is the app stuck or waiting for something?`)),
        testMs,
      );
    });
    await Promise.race([run, timeout]);
  } catch (error) {
    record.message = learnerMessage(error);
    // A hang or a failure of the grader's own machinery tells nothing about the factor: no factor hint for it.
    if (error instanceof CheckTimeoutError) record.cause = 'timeout';
    if (error instanceof InfrastructureError) record.cause = 'infrastructure';
    if (stopAtFirstFailure) failedAlready = true;
    throw error;
  } finally {
    clearTimeout(timer);
    await releaseAll(ctx);
    record.output = ctx.output.toString();
  }
}

/** The assertion's own message (never a stack or "AssertionError [ERR_ASSERTION]"), capped. */
function learnerMessage(error) {
  return truncate(failureMessage(error), undefined, MESSAGE_LIMIT);
}

// --- the learner's files -------------------------------------------------------------------------------------
function resolveInApp(rel) {
  const full = path.resolve(appDir, rel);
  if (full !== appDir && !full.startsWith(appDir + path.sep)) {
    throw new TypeError(`readAppFile("${rel}"): the path leaves the learner's folder`);
  }
  return full;
}

/**
 * The path of a preload the kit hands to apps (src/grading/app-preloads/, e.g. env-reads.cjs, as-terminal.cjs),
 * for `args: ['--require', appPreload(name), main]`: mounted read-only where learner processes run.
 */
export function appPreload(name) {
  if (!/^[\w.-]+\.cjs$/.test(name)) throw new TypeError(`appPreload("${name}"): name a .cjs file of the kit's preloads`);
  return path.join(preloadsDir, name);
}

/** The text of a learner file (UTF-8); a missing file is a learner-facing failure. */
export function readAppFile(rel) {
  const full = resolveInApp(rel);
  if (!existsSync(full)) throw new GradingError(`Your project has no file ${rel}.`);
  return readFileSync(full, 'utf8');
}

export function appFileExists(rel) {
  return existsSync(resolveInApp(rel));
}

/**
 * Every learner file, relative with "/" separators, sorted; skips node_modules, .grading and .git. `root`
 * lists another folder the same way, e.g. a check's appCopy().dir.
 */
export function listAppFiles(root = appDir) {
  const files = [];
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!NOT_PROJECT.has(entry.name)) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      } else if (entry.isFile()) {
        files.push(`${prefix}${entry.name}`);
      }
    }
  };
  walk(root, '');
  return files.sort();
}
