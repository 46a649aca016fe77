// When the checks of one test file run. Most of a check's time is spent waiting — for an app to start, for an
// answer, for a process to exit — so checks run side by side, which is what keeps a grade under a second.
// A check declared { serial: true } runs alone: every check declared before it has finished when it starts, and
// none declared after it starts until it has finished. Use it for checks that share something fixed (a port
// number, a file in the learner's folder) or that time the app and would be skewed by their neighbours.
// Checks always start in declaration order; node:test still reports them in that order.

/**
 * Whether this run stops at its first failing check: set by the runner's stopAtFirstFailure (npm run verify's
 * starter runs) as GRADING_STOP_AT_FIRST_FAILURE=1; read here once for the kit and the harness.
 */
export const stopAtFirstFailure = process.env.GRADING_STOP_AT_FIRST_FAILURE === '1';

/**
 * How many checks of one file may run at once: one in a run that stops at its first failure (see kit.mjs), so
 * that nothing after that failure has started and cost CPU.
 */
export const CHECK_CONCURRENCY = stopAtFirstFailure ? 1 : 4;

const queue = []; // { serial, start } not started yet, in declaration order
let running = 0;
let runningSerial = false;

/**
 * Queues a check; resolves with what start() returned once it has run. start() must not throw synchronously
 * and its promise must settle (the kit's per-check timeout guarantees that).
 */
export function schedule(start, { serial = false } = {}) {
  return new Promise((resolve, reject) => {
    queue.push({ serial, run: () => start().then(resolve, reject) });
    // The first pump waits a turn, so every check declared in the file's synchronous top level is queued first.
    setImmediate(pump);
  });
}

function pump() {
  while (queue.length > 0 && !runningSerial && running < CHECK_CONCURRENCY) {
    const next = queue[0];
    if (next.serial && running > 0) return;
    queue.shift();
    running += 1;
    runningSerial = next.serial;
    next.run().finally(() => {
      running -= 1;
      runningSerial = false;
      pump();
    });
  }
}
