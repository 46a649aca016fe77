/**
 * One queue for every write to a sandbox's file system. Writes from typing (sync), grading (hidden tests in,
 * out again) and reboots (re-mount) must never interleave: a grade that starts while a save is half-written
 * would test a file that is neither the old nor the new one.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it; a failed task does not stop the ones after it. */
  push<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}
