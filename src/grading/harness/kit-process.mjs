// Starting the learner's code as processes: startApp (a long-running service) and runNode (a one-off command).
// Each process leads its own process group (detached), so stopping it also stops anything it spawned. In a
// server grading run they start through the host instead (kit-broker.mjs): under the learner's uid, in a
// sandbox of their own.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  GradingError, InfrastructureError, appDir, appEnv, currentCheck, exercise, preloadsDir, remainingMs, seconds, track,
} from './kit-context.mjs';
import { brokered, brokeredSpawn } from './kit-broker.mjs';
import { openForApp, shareJudgeFiles } from './kit-sharing.mjs';
import { httpFetch } from './kit-http.mjs';
import { leanHttpArgs } from './lean-http.mjs';
import { freePort, waitForPort } from './kit-net.mjs';

const STREAM_LIMIT = 1_000_000; // per stream; enough for any assertion, bounded against a runaway logger
const live = new Set(); // children whose process group has not been killed yet, for the exit hook below

/**
 * `--` ends node's own options, so a learner file named like one (`--import=x.mjs`) stays a file. Arguments a
 * test gives that start with an option are the test's to order (e.g. ['--import', url, 'server.js']).
 */
export function withEndOfOptions(args) {
  return typeof args[0] === 'string' && !args[0].startsWith('-') ? ['--', ...args] : args;
}

/** Starts `node <args>` in a fresh process group with the test-controlled environment. */
function launch(args, { env, cwd, stdin, nodeArgs = [], report = false }) {
  const first = args[0];
  if (typeof first === 'string' && !first.startsWith('-') && !existsSync(path.resolve(cwd, first))) {
    throw new GradingError(`Could not start the app: there is no ${first} in your project.`);
  }
  args = shareJudgeFiles(args);
  const argv = [...leanHttpArgs, ...nodeArgs, ...withEndOfOptions(args)];
  let child;
  if (brokered) {
    openForApp({ cwd, env, args });
    child = brokeredSpawn(argv, { cwd, env, stdin: stdin === 'pipe', report });
  } else {
    child = spawn(process.execPath, argv, { cwd, env, detached: true, stdio: [stdin, 'pipe', 'pipe'] });
  }
  live.add(child);
  const output = currentCheck().output;
  const state = { child, stdout: '', stderr: '', combined: '', reported: '', listeners: new Set(), exit: undefined };
  child.report?.setEncoding('utf8').on('data', (chunk) => {
    if (state.reported.length < STREAM_LIMIT) state.reported += chunk;
  });
  for (const stream of ['stdout', 'stderr']) {
    child[stream].setEncoding('utf8');
    child[stream].on('data', (chunk) => {
      if (state[stream].length < STREAM_LIMIT) state[stream] += chunk;
      if (state.combined.length < STREAM_LIMIT) state.combined += chunk;
      output.append(chunk);
      for (const listener of state.listeners) listener();
    });
  }
  // 'close' follows 'exit' once the pipes are drained, so waiting for it keeps the last line printed; but a
  // grandchild may hold the pipes open for good, so the wait is short.
  let closed = false;
  child.on('close', () => { closed = true; });
  state.exited = new Promise((resolve) => {
    child.on('error', (error) => {
      state.spawnError = error;
      resolve({ code: null, signal: null });
    });
    child.on('exit', (code, signal) => {
      if (closed) return resolve({ code, signal });
      const timer = setTimeout(() => resolve({ code, signal }), 200);
      child.once('close', () => {
        clearTimeout(timer);
        resolve({ code, signal });
      });
    });
  });
  state.exited.then((exit) => {
    state.exit = exit;
    for (const listener of state.listeners) listener();
  });
  // One shared promise per chunk: what waitForPort races against to try the port as soon as the app speaks.
  let nextChunk;
  state.nextOutput = () => (nextChunk ??= new Promise((resolve) => {
    const listener = () => {
      state.listeners.delete(listener);
      nextChunk = undefined;
      resolve();
    };
    state.listeners.add(listener);
  }));
  return state;
}

/**
 * The grader could not start a process (out of processes, memory or files; its sandbox refused): the machine's
 * problem, never the learner's. The error's own text names host paths, so it stays out of the message.
 */
function startFailure(error, what) {
  const code = typeof error?.code === 'string' ? ` (${error.code})` : '';
  return new InfrastructureError(`The grader could not ${what}${code}: this is a problem on the grading side, not in your code. Run the tests again in a moment.`);
}

/** SIGKILL to the whole group, then wait (bounded: a grandchild that escaped the group may hold the pipes). */
async function killGroup(state) {
  signalGroup(state.child, 'SIGKILL');
  const timer = new Promise((resolve) => setTimeout(resolve, 1000).unref());
  await Promise.race([state.exited, timer]);
  state.child.stdout?.destroy();
  state.child.stderr?.destroy();
}

function signalGroup(child, signal) {
  if (signal === 'SIGKILL') live.delete(child);
  if (child.killGroup) return child.killGroup(signal); // brokered: the host signals it
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // no process group (already gone, or a runtime without groups)
  }
  // The child itself too, always: WebContainer does not document process groups, and a group kill there may
  // return without error and stop nothing. A second signal to a process already stopping is harmless.
  try { child.kill(signal); } catch { /* already gone */ }
}

// Whatever ends this process (normal exit, the harness's SIGTERM), no app outlives it.
process.on('exit', () => { for (const child of live) signalGroup(child, 'SIGKILL'); });
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    for (const child of live) signalGroup(child, 'SIGKILL');
    process.exit(signal === 'SIGTERM' ? 143 : 130);
  });
}

function exitText({ code, signal }) {
  return signal ? `was stopped by ${signal}` : `exited with code ${code}`;
}

function describePattern(pattern) {
  return pattern instanceof RegExp ? String(pattern) : JSON.stringify(pattern);
}

function matches(text, pattern) {
  return pattern instanceof RegExp ? pattern.test(text) : text.includes(pattern);
}

/**
 * Resolves when the output matches (stdout+stderr, or one stream); rejects with a learner-facing message when
 * the app exits first or after ms.
 */
function waitForOutput(state, pattern, ms = remainingMs(), stream = 'combined') {
  return new Promise((resolve, reject) => {
    const done = (error) => {
      state.listeners.delete(check);
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (matches(state[stream], pattern)) done();
      else if (state.exit) done(new GradingError(`The app ${exitText(state.exit)} without printing ${describePattern(pattern)}.`));
    };
    const timer = setTimeout(
      () => done(new GradingError(`The app did not print ${describePattern(pattern)} within ${seconds(ms)}.`)),
      ms,
    );
    state.listeners.add(check);
    check();
  });
}

const LISTEN_REPORT = path.join(preloadsDir, 'listen-report.cjs');

/**
 * Where an app started with listenReport notes its listens (see listen-report.cjs), and how to read them. Under
 * the broker it writes to fd 3, a pipe the host relays: the app can add lines, never take back one it wrote.
 * Otherwise a file in the run's temp folder.
 */
function listenReport() {
  if (brokered) return { target: 'fd:3', read: (state) => state.reported };
  const file = path.join(tmpdir(), `listen-report-${randomBytes(6).toString('hex')}`);
  track({ stop: () => rmSync(file, { force: true }), late: true });
  const read = () => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return ''; // nothing noted yet
    }
  };
  return { target: file, read };
}

function parseListens(text) {
  const lines = text.split('\n').map((line) => line.split(' '));
  const ports = (kind) => [...new Set(lines.filter(([what]) => what === kind).map(([, port]) => Number(port)))];
  return { tried: ports('try'), listening: ports('ok') };
}

/** Starts the learner's app; resolves once it accepts connections on its port (or prints options.waitFor). */
export async function startApp(options = {}) {
  const { env = {}, args = [exercise.main], cwd = appDir, waitFor } = options;
  const port = options.port === false ? undefined : (options.port ?? (await freePort()));
  const report = options.listenReport ? listenReport() : undefined;
  const reportEnv = report ? { GRADING_LISTEN_REPORT: report.target } : {};
  const fullEnv = appEnv({ ...(port === undefined ? {} : { PORT: String(port) }), ...env, ...reportEnv });
  const nodeArgs = report ? ['--require', LISTEN_REPORT] : [];
  const state = launch(args, { env: fullEnv, cwd, stdin: 'ignore', nodeArgs, report: Boolean(report) });
  // With port: false the test may still name the port in env (to time readiness itself); fetch then uses it.
  const knownPort = port ?? (/^\d+$/.test(String(env.PORT ?? '')) ? Number(env.PORT) : undefined);
  const url = knownPort === undefined ? undefined : `http://127.0.0.1:${knownPort}`;
  let stopped;
  const stop = () => (stopped ??= killGroup(state));
  track({ stop });

  const app = {
    port: knownPort,
    url,
    get stdout() { return state.stdout; },
    get stderr() { return state.stderr; },
    exited: state.exited,
    waitForOutput: (pattern, ms) => waitForOutput(state, pattern, ms),
    kill: (signal = 'SIGTERM') => (state.exit ? false : state.child.kill(signal)),
    stop: async () => { await stop(); return state.exited; },
    fetch: (target, init) => appFetch(state, url, target, init),
    /** With listenReport: { tried, listening }, the TCP ports the app asked for and listens on so far. */
    listens: () => parseListens(report?.read(state) ?? ''),
  };

  const budget = remainingMs();
  if (waitFor !== undefined) {
    await waitForOutput(state, waitFor, budget, 'stdout');
  } else if (port !== undefined) {
    const reason = await waitForPort(port, budget, state.exited, state.nextOutput);
    if (reason === 'exited') {
      const exit = await state.exited;
      if (state.spawnError) throw startFailure(state.spawnError, 'start the app');
      throw new GradingError(`The app ${exitText(exit)} before it listened on port ${port}.`);
    }
    if (reason === 'timeout') {
      throw new GradingError(
        `The app did not listen on port ${port} within ${seconds(budget)} and is still running: ` +
          `is a loop or a slow task keeping it from reaching listen()? (It was started with PORT=${fullEnv.PORT ?? 'unset'}.)`,
      );
    }
  }
  return app;
}

/** The kit's fetch (kit-http.mjs) against the app; failures become messages about the app. */
async function appFetch(state, base, target, init = {}) {
  if (!base) throw new GradingError('This app was started without a port, so it cannot be fetched.');
  const method = (init.method ?? 'GET').toUpperCase();
  const ms = remainingMs();
  try {
    return await httpFetch(new URL(target, base), { ...init, signal: init.signal ?? AbortSignal.timeout(ms) });
  } catch (error) {
    const name = error?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new GradingError(`${method} ${target} got no answer within ${seconds(ms)}.`);
    }
    const exit = state.exit;
    const why = exit ? `the app ${exitText(exit)}` : `the app did not answer (${error?.cause?.code ?? error?.message})`;
    throw new GradingError(`${method} ${target} failed: ${why}.`);
  }
}

/**
 * Runs `node <args>` to completion; kills it when options.timeoutMs (default: the test's time left) is up, or —
 * with options.stopWhenListening: <port> — as soon as it accepts connections on that port (`listening: true`),
 * which answers "does it refuse to start?" without waiting out a timeout.
 */
export async function runNode(args, options = {}) {
  const { env = {}, cwd = appDir, input, timeoutMs = remainingMs(), stopWhenListening } = options;
  if (stopWhenListening !== undefined && !(Number.isInteger(stopWhenListening) && stopWhenListening > 0)) {
    throw new TypeError(`runNode: stopWhenListening must be a port number, got ${JSON.stringify(stopWhenListening)}`);
  }
  const state = launch(args, { env: appEnv(env), cwd, stdin: input === undefined ? 'ignore' : 'pipe' });
  if (input !== undefined) {
    state.child.stdin.on('error', () => {}); // the program may exit without reading its input
    state.child.stdin.end(input);
  }
  let stopped;
  const untrack = track({ stop: () => (stopped ??= killGroup(state)) });
  let timedOut = false;
  let listening = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stopped ??= killGroup(state);
  }, timeoutMs);
  if (stopWhenListening !== undefined) {
    waitForPort(stopWhenListening, timeoutMs, state.exited, state.nextOutput).then(async (reason) => {
      if (reason !== 'ready' || state.exit) return;
      listening = true;
      // The port accepts connections a moment before the app's listen callback runs, and that callback is
      // where most apps print "listening on …": let that line arrive (or 30 ms pass) before stopping it.
      let grace;
      await Promise.race([state.nextOutput(), state.exited, new Promise((resolve) => { grace = setTimeout(resolve, 30); })]);
      clearTimeout(grace);
      stopped ??= killGroup(state);
    });
  }
  const { code, signal } = await state.exited;
  clearTimeout(timer);
  untrack();
  if (state.spawnError) throw startFailure(state.spawnError, 'run node');
  // The process is gone but something it spawned may still hold the group: stop it with the process.
  if (!timedOut && !listening) signalGroup(state.child, 'SIGKILL');
  return { code, signal, stdout: state.stdout, stderr: state.stderr, timedOut, listening };
}
