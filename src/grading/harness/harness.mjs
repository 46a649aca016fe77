// Entry point of a grading run, in the learner's working copy, with the judge's folder
//   {harness,kit,reporter,…}.mjs   exercise.json   tests/*.test.mjs
// at <app>/.grading/ (the in-browser sandbox) or beside the copy (the server: exercise.json names both), started
// as `node ...HARNESS_ARGS` or `node ...SERVER_HARNESS_ARGS` (harness-args.mjs says which flags and why). It
// syntax-checks the learner's JavaScript, runs each hidden test file in file order in this same process, and
// prints exactly one GradeResult JSON on stdout — wrapped with the run's token when the runner sent one
// (waitForGo), which is how the runner knows the verdict came from here. Started without the reporter flag (by
// hand, say), it starts itself again with
// it. Zero dependencies; identical on Node 20.19 and 24.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HARNESS_ARGS, SERVER_HARNESS_ARGS } from './harness-args.mjs';
import { brokered, brokeredSpawn } from './kit-broker.mjs';
import { appDir, exercise, receiveResults, unclaimedRecords } from './kit-context.mjs';
import { stopAtFirstFailure } from './kit-schedule.mjs';
import { canCheckInProcess, unparsed } from './syntax-check.mjs';

const gradingDir = path.dirname(fileURLToPath(import.meta.url));
const testsDir = path.join(gradingDir, 'tests');
const SKIPPED_DIRS = new Set(['node_modules', '.grading', '.git']);
const STDERR_LIMIT = 20_000;
// Bound on one syntax-check child; WebContainer's first processes after boot start slower than Linux's.
const CHECK_TIMEOUT_MS = process.versions.webcontainer ? 15_000 : 5_000;

let started = Date.now();
let token; // the run's token, from the runner's "go" line
const exit = process.exit.bind(process); // process.exit itself is watched while the tests run (stopEarly)
const writeStdout = process.stdout.write.bind(process.stdout); // the tests' own output goes to stderr (main)

/**
 * Ends the process. node:test catches what an 'exit' listener throws (a test's cleanup that cannot remove a
 * folder an app made, say), and process.exit then returns instead of ending it: the run would sit until its
 * time limit with the verdict already printed. So every listener runs guarded, the rest still run, and it ends.
 */
function exitNow(code) {
  for (const listener of process.listeners('exit')) {
    process.removeListener('exit', listener);
    process.on('exit', (...args) => {
      try {
        listener(...args);
      } catch {
        // a test's cleanup failed: the verdict is out and the host removes the run's folders anyway
      }
    });
  }
  exit(code);
}

/** Prints the GradeResult; only the first call counts (an exit while printing, an error after it). */
let printed = false;
function finish(status, tests, message) {
  if (printed) return Promise.resolve();
  printed = true;
  const result = { version: 1, exercise: String(exercise.id ?? ''), status };
  if (message !== undefined) result.message = message;
  result.tests = tests;
  result.durationMs = Date.now() - started;
  const line = token === undefined ? JSON.stringify(result) : JSON.stringify({ token, result });
  return new Promise((resolve) => writeStdout(`${line}\n`, resolve));
}

/**
 * Runs `node <args>` on the learner's files to completion, collecting (bounded) stdout and stderr. Under the
 * broker it runs as the learner, like the apps: node options in a file's name, or code run at load, stay there.
 */
function run(args, options) {
  return new Promise((resolve) => {
    const child = brokered
      ? brokeredSpawn(args, { cwd: options.cwd, env: {} })
      : spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    // A parse takes ~0.1 s; a child that hangs (a runtime that stalls a fresh process, e.g. in the browser)
    // must not hold the whole grade until its overall timeout. The direct path only: the host bounds brokered
    // children itself.
    const timer = brokered ? undefined : setTimeout(() => {
      try { child.kill('SIGKILL'); } catch { /* already gone */ }
      resolve({ code: null, stdout: '', stderr: '', timedOut: true });
    }, CHECK_TIMEOUT_MS);
    timer?.unref();
    child.on('close', () => clearTimeout(timer));
    const out = { stdout: '', stderr: '' };
    for (const stream of ['stdout', 'stderr']) {
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk) => {
        if (out[stream].length < STDERR_LIMIT) out[stream] += chunk;
      });
    }
    child.on('error', (error) => resolve({ code: null, ...out, stderr: String(error.message) }));
    child.on('close', (code) => resolve({ code, ...out }));
  });
}

// --- 1. syntax check -----------------------------------------------------------------------------------------
function learnerScripts(dir = appDir, prefix = '') {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) {
      files.push(...learnerScripts(path.join(dir, entry.name), `${prefix}${entry.name}/`));
    } else if (entry.isFile() && /\.(?:js|mjs|cjs)$/.test(entry.name)) {
      files.push(`${prefix}${entry.name}`);
    }
  }
  return files.sort();
}

/**
 * `node --check` decides ESM vs CommonJS exactly as `node` will when it runs the file (extension, then the
 * nearest package.json "type"), so a file is judged by the rules it will run under.
 * Returns "server.js line 12: SyntaxError: Unexpected token '}'" or undefined.
 */
async function syntaxError(rel) {
  // `--`: a file named like an option (`--import=x.mjs`) is a file to check, not an option.
  const { code, stderr, timedOut } = await run(['--check', '--', rel], { cwd: appDir });
  // No verdict from the check is no syntax error: node itself has the last word when the tests run the file.
  if (code === 0 || timedOut) return undefined;
  const lines = stderr.split('\n');
  // "<absolute path>:<line>" heads the code frame; warnings may come before it.
  const line = lines.map((text) => /^(.*):(\d+)\s*$/.exec(text)).find((match) => match?.[1]?.endsWith(rel))?.[2];
  const error = lines.find((text) => /^[A-Za-z]*Error\b.*:/.test(text)) ?? lines.find((text) => text.trim()) ?? 'does not parse';
  return `${rel}${line ? ` line ${line}` : ''}: ${error.trim()}`;
}

async function checkSyntax() {
  const files = learnerScripts();
  if (files.length === 0) return undefined;
  // A pre-check of every file at once (in this process when it has --experimental-vm-modules, else in one
  // child); only the files it doubts get their own `node --check`.
  let suspects = files;
  if (canCheckInProcess) {
    suspects = unparsed(files, appDir);
  } else if (!brokered) { // (the learner's sandbox cannot see this folder: there each file gets its own check)
    const quick = await run(['--experimental-vm-modules', '--no-warnings', path.join(gradingDir, 'syntax-check.mjs'), ...files], {
      cwd: appDir,
    });
    try {
      const listed = JSON.parse(quick.stdout);
      if (quick.code === 0 && Array.isArray(listed)) suspects = listed.filter((file) => files.includes(file));
    } catch {
      // no pre-check available: check every file
    }
  }
  const errors = [];
  for (let i = 0; i < suspects.length; i += 4) {
    const batch = await Promise.all(suspects.slice(i, i + 4).map(syntaxError));
    errors.push(...batch.filter(Boolean));
  }
  if (errors.length === 0) return undefined;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more file${errors.length > 2 ? 's' : ''} with errors)` : '';
  return `${errors[0]}${more}`;
}

// --- 2. hidden tests -----------------------------------------------------------------------------------------
function testFiles() {
  try {
    return readdirSync(testsDir)
      .filter((name) => name.endsWith('.test.mjs'))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch {
    return [];
  }
}

// The test files run in this process, one after another: the kit, its checks and the reporter share it, and a
// grade costs one Node start less than with a process per file (≈ 0.1 s of a grade on 2 cores). node:test runs
// top-level tests one at a time in declaration order, so an end marker declared after a file's tests is
// reported after all of them: that is when the file is done. `reported` holds every GradeResult test so far,
// in order: the reporter's and the harness's own (a file that could not load).
const reported = [];
let endMarker; // { name, reached() } for the file that is running
receiveResults((result) => {
  if (result.name === endMarker?.name) endMarker.reached();
  else reported.push(result);
});

async function runTestFile(file) {
  const done = new Promise((resolve) => {
    endMarker = { name: `\u0000end of tests/${file}`, reached: resolve };
  });
  let loadError;
  try {
    await import(pathToFileURL(path.join(testsDir, file)).href);
  } catch (error) {
    loadError = error;
  }
  const { default: test } = await import('node:test');
  test(endMarker.name, () => {});
  await done;
  // The file itself failed (a syntax error or a throw at load time): an authoring problem, shown as such.
  if (loadError) reported.push({ name: `tests/${file}`, status: 'error', message: `This hidden test file could not run: ${describe(loadError)}` });
}

function describe(error) {
  return error instanceof Error ? `${error.name}: ${error.message}`.split('\n')[0] : String(error);
}

/** The verdict over every test. */
function finishWith(tests) {
  if (tests.length === 0) return finish('error', [], 'No test ran.');
  const graded = tests.filter((test) => test.status !== 'error');
  if (graded.length === 0) return finish('error', tests, tests[0]?.message ?? 'No test could run.');
  return finish(tests.every((test) => test.status === 'pass') ? 'pass' : 'fail', tests);
}

/**
 * A hidden test (or the runner's SIGTERM) may end the process before every file has run. The grade still says
 * so test by test: no declared check and no test file vanishes from the result.
 */
function stopEarly(code, files, current) {
  const reason = `the test process stopped early (exited with code ${code ?? process.exitCode ?? 0})`;
  const tests = [...reported];
  for (const record of unclaimedRecords()) tests.push({ name: record.name, status: 'error', message: `no result: ${reason}` });
  for (const file of files.slice(current + 1)) tests.push({ name: `tests/${file}`, status: 'error', message: `not run: ${reason}` });
  finishWith(tests);
}

async function main() {
  const syntax = await checkSyntax();
  if (syntax) return finish('error', [], syntax);
  const files = testFiles();
  if (files.length === 0) return finish('error', [], 'This exercise has no hidden tests (.grading/tests/*.test.mjs).');
  // stdout carries the GradeResult alone: whatever the tests print goes to stderr.
  process.stdout.write = process.stderr.write.bind(process.stderr);
  let current = 0;
  process.exit = (code) => {
    stopEarly(code, files, current);
    exitNow(code);
  };
  for (const [index, file] of files.entries()) {
    current = index;
    await runTestFile(file);
    // See kit.mjs: a run that stops at the first failure skips the files after it too.
    if (stopAtFirstFailure && reported.some((test) => test.status !== 'pass')) break;
  }
  return finishWith(reported);
}

/** Runs the harness again with its flags (once), passing its output through. */
function restartWithReporter() {
  const args = exercise.appDir ? SERVER_HARNESS_ARGS : HARNESS_ARGS;
  if (process.env.GRADING_HARNESS_RESTARTED) {
    return finish('error', [], `The grader could not load its test reporter: start it as node ${args.join(' ')}`);
  }
  const child = spawn(process.execPath, args, {
    cwd: appDir,
    env: { ...process.env, GRADING_HARNESS_RESTARTED: '1' },
    stdio: 'inherit', // stdin too: a grader started ahead of time waits there for "go" (waitForGo)
  });
  child.on('error', (error) => finish('error', [], `The grader failed: ${error.message}`));
  child.on('exit', (code) => exit(code ?? 1));
}

/**
 * A warm grader (grader-process.ts) is started before the learner's files are in place: it loads the kit and
 * node:test, then waits for a line "go" or "go <token>" on stdin, and the grade's clock starts there. The token
 * is the runner's for this run: the verdict goes out wrapped with it. Stdin closed without it: the grader was
 * not needed after all.
 */
async function waitForGo() {
  await import('./kit.mjs');
  const line = await new Promise((resolve) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
    });
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', () => resolve(''));
  });
  process.stdin.destroy();
  const go = /^go(?: ([0-9a-f]{16,}))?$/.exec(line);
  if (go?.[1]) token = go[1];
  return Boolean(go);
}

function runTests() {
  return main()
    .catch((error) => finish('error', [], `The grader failed: ${error?.message ?? error}`))
    .then(() => exitNow(0)); // without waiting for handles a test left open
}

if (!process.execArgv.some((arg) => arg.startsWith('--test-reporter'))) restartWithReporter();
else if (process.env.GRADING_WAIT_FOR_GO === '1') {
  delete process.env.GRADING_WAIT_FOR_GO;
  waitForGo().then((go) => {
    if (!go) return exit(0);
    started = Date.now();
    return runTests();
  });
} else runTests();
