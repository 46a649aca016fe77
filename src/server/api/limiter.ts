/**
 * Bounded concurrency with a bounded queue: at most `max` tasks run, at most `queue` wait, the rest are
 * refused at once (the API answers 429 + Retry-After) instead of piling up until the machine falls over.
 */
export class Limiter {
  readonly max: number;
  readonly queue: number;
  #running = 0;
  #waiting: Array<() => void> = [];
  /** Moving average of task durations, for Retry-After. */
  #averageMs: number;

  constructor(max: number, queue: number, typicalMs = 1000) {
    this.max = Math.max(1, max);
    this.queue = Math.max(0, queue);
    this.#averageMs = typicalMs;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `task` when a slot is free; undefined when the queue is full (nothing was started). */
  tryRun<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (this.#running >= this.max && this.#waiting.length >= this.queue) return undefined;
    return this.#acquire().then(async () => {
      const started = Date.now();
      try {
        return await task();
      } finally {
        this.#averageMs = this.#averageMs * 0.8 + (Date.now() - started) * 0.2;
        this.#release();
      }
    });
  }

  /** Seconds until a slot is likely free: what the waiting tasks and the running ones still need. */
  retryAfterSeconds(): number {
    const ahead = this.#waiting.length + this.#running;
    return Math.max(1, Math.ceil((ahead * this.#averageMs) / this.max / 1000));
  }

  #acquire(): Promise<void> {
    if (this.#running < this.max) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(() => {
      this.#running++;
      resolve();
    }));
  }

  #release(): void {
    this.#running--;
    this.#waiting.shift()?.();
  }
}
