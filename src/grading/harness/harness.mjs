// Entry point of a grading run: `node [--experimental-vm-modules --no-warnings] .grading/harness.mjs` (the flags
// are optional and only make the syntax check cheaper), inside a working directory laid out as
//   <learner files>   .grading/{harness,kit,reporter,…}.mjs   .grading/exercise.json   .grading/tests/*.test.mjs
// It syntax-checks the learner's JavaScript, runs each hidden test file in file order, and prints exactly one
// GradeResult JSON on stdout. Zero dependencies; identical on Node 20.19 and 24 (see reporter.mjs for why each
// file runs in its own process without --test).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stopAtFirstFailure } from './kit-schedule.mjs';
import { leanHttpArgs } from './lean-http.mjs';
import { canCheckInProcess, unparsed } from './syntax-check.mjs';

const gradingDir = path.dirname(fileURLToPath(import.meta.url));
const appDir = path.dirname(gradingDir);
const testsDir = path.join(gradingDir, 'tests');
const reporterUrl = pathToFileURL(path.join(gradingDir, 'reporter.mjs')).href;
const SKIPPED_DIRS = new Set(['node_modules', '.grading', '.git']);
const STDERR_LIMIT = 20_000;

const started = Date.now();
const exercise = readExercise();

function readExercise() {
  try {
    return JSON.parse(readFileSync(path.join(gradingDir, 'exercise.json'), 'utf8'));
  } catch {
    return { id: path.basename(appDir) };
  }
}

function finish(status, tests, message) {
  const result = { version: 1, exercise: String(exercise.id ?? ''), status };
  if (message !== undefined) result.message = message;
  result.tests = tests;
  result.durationMs = Date.now() - started;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs a child to completion, collecting (bounded) stdout and stderr. */
function run(args, options) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const { code, stderr } = await run(['--check', rel], { cwd: appDir });
  if (code === 0) return undefined;
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
  } else {
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

// Results are written outside the learner's folder, where the app under test does not look.
const resultsDir = mkdtempSync(path.join(tmpdir(), 'grading-results-'));
process.on('exit', () => rmSync(resultsDir, { recursive: true, force: true }));
process.on('SIGTERM', () => process.exit(143)); // still clean up when the runner stops a run that took too long

/** Runs one test file in its own process; the reporter appends its tests to a results file. */
async function runTestFile(file, index) {
  const resultsFile = path.join(resultsDir, `${String(index).padStart(3, '0')}.jsonl`);
  const { code, stderr } = await run([...leanHttpArgs, `--test-reporter=${reporterUrl}`, path.join(testsDir, file)], {
    cwd: appDir,
    env: { ...process.env, GRADING_RESULTS_FILE: resultsFile },
  });
  let lines = [];
  try {
    lines = readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    // no results file: nothing was declared or reported
  }
  const tests = lines.filter((line) => line.declared === undefined);
  // The error line starts at column 0 ("TypeError: …"); the code frame above it is indented source.
  const reason = stderr.split('\n').find((text) => /^[A-Z]\w*(?:Error|Exception)\b.*:/.test(text)) ?? `exited with code ${code}`;
  if (lines.length === 0 && code !== 0) {
    // The file itself failed (a syntax error or a throw at load time): an authoring problem, shown as such.
    tests.push({ name: `tests/${file}`, status: 'error', message: `This hidden test file could not run: ${reason.trim()}` });
  }
  // Declared checks that never reported: their process died first. They must not vanish from the result.
  const reported = tests.map((test) => test.name);
  for (const { declared } of lines.filter((line) => line.declared !== undefined)) {
    const index = reported.indexOf(declared);
    if (index !== -1) reported.splice(index, 1);
    else tests.push({ name: declared, status: 'error', message: `no result: the test process stopped early (${reason.trim()})` });
  }
  return tests;
}

async function main() {
  const syntax = await checkSyntax();
  if (syntax) return finish('error', [], syntax);
  const files = testFiles();
  if (files.length === 0) return finish('error', [], 'This exercise has no hidden tests (.grading/tests/*.test.mjs).');
  const tests = [];
  // One file at a time, in file order (the checks within a file run side by side: see kit-schedule.mjs).
  for (const [index, file] of files.entries()) {
    tests.push(...(await runTestFile(file, index)));
    // See kit.mjs: a run that stops at the first failure skips the files after it too.
    if (stopAtFirstFailure && tests.some((test) => test.status !== 'pass')) break;
  }
  if (tests.length === 0) return finish('error', [], 'No test ran.');
  const graded = tests.filter((test) => test.status !== 'error');
  if (graded.length === 0) return finish('error', tests, tests[0]?.message ?? 'No test could run.');
  return finish(tests.every((test) => test.status === 'pass') ? 'pass' : 'fail', tests);
}

main().catch((error) => finish('error', [], `The grader failed: ${error?.message ?? error}`));
