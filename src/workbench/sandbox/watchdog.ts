/**
 * Deadlines for work that may never finish (learner code with an endless loop, a sandbox that never boots).
 * Races the work against a timer instead of sleeping, and always clears the timer.
 */
export class DeadlineExceeded extends Error {
  readonly ms: number;
  constructor(ms: number, what: string) {
    super(`${what} did not finish in ${formatSeconds(ms)}`);
    this.name = 'DeadlineExceeded';
    this.ms = ms;
  }
}

export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(ms, what)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Resolves when the signal aborts (never, without a signal). */
export function whenAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** 20000 → "20 s", 1500 → "1.5 s" */
export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
