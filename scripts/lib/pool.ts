/**
 * A FIFO limiter: at most `slots` tasks run at once, in the order they were queued. Verify queues every grading
 * run of every exercise through one limiter, so the machine runs about one grading run per core.
 */
export function createLimiter(slots: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return async (task) => {
    if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
