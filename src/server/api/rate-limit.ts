/**
 * Per-client token buckets: each client may make `burst` requests at once and then `perMinute` a minute.
 * Keeps one learner's runaway script (or a classroom's shared NAT, within reason) from taking every slot.
 * A request costs one token; a grade that holds its slot long costs more afterwards (see charge), so the limit
 * bounds the slot time a client can use, not only how often it asks.
 * Buckets are in memory: with several server processes each keeps its own, which only makes the limit looser.
 */
export class RateLimiter {
  readonly perMinute: number;
  readonly burst: number;
  #buckets = new Map<string, { tokens: number; updated: number }>();

  constructor(perMinute: number, burst: number) {
    this.perMinute = perMinute;
    this.burst = burst;
  }

  /** Takes a token for `client`; returns the seconds to wait when there is none (0 when allowed). */
  take(client: string, now = Date.now()): number {
    const bucket = this.#buckets.get(client) ?? { tokens: this.burst, updated: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updated) / 60_000) * this.perMinute);
    bucket.updated = now;
    this.#buckets.set(client, bucket);
    if (this.#buckets.size > 10_000) this.#forgetFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / this.perMinute));
  }

  /**
   * Takes `tokens` more from `client` after the fact (a grade that held its slot long); the bucket may go
   * below zero, and the client then waits until it has refilled past one token.
   */
  charge(client: string, tokens: number, now = Date.now()): void {
    if (tokens <= 0) return;
    const bucket = this.#buckets.get(client) ?? { tokens: this.burst, updated: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updated) / 60_000) * this.perMinute) - tokens;
    bucket.updated = now;
    this.#buckets.set(client, bucket);
  }

  /** Drops buckets that have refilled: they hold no information. */
  #forgetFull(now: number): void {
    for (const [client, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.updated) / 60_000) * this.perMinute >= this.burst) this.#buckets.delete(client);
    }
  }
}
