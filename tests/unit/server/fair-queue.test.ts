import { describe, expect, it } from 'vitest';
import { FairQueue, Withdrawn } from '../../../src/server/api/fair-queue.ts';
import { RateLimiter } from '../../../src/server/api/rate-limit.ts';

/** A task that runs until released, recording when it started. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { task: async () => { log.push(name); await done; return name; }, release };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('FairQueue', () => {
  it('gives a client one slot at a time, even while another slot is free', async () => {
    const log: string[] = [];
    const queue = new FairQueue({ slots: 2, queueLimit: 10, perClientWaiting: 5 });
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    queue.tryRun('a', a1.task);
    queue.tryRun('a', a2.task);
    await tick();
    expect(log).toEqual(['a1']);
    expect([queue.running, queue.waiting]).toEqual([1, 1]);
    const b1 = gate(log, 'b1');
    queue.tryRun('b', b1.task); // the free slot is b's at once
    await tick();
    expect(log).toEqual(['a1', 'b1']);
    a1.release();
    await tick();
    await tick();
    expect(log).toEqual(['a1', 'b1', 'a2']);
    a2.release();
    b1.release();
  });

  it('drains round-robin by client: a client with many waiting grades gets one turn per round', async () => {
    const log: string[] = [];
    const queue = new FairQueue({ slots: 1, queueLimit: 20, perClientWaiting: 5 });
    const gates = new Map<string, ReturnType<typeof gate>>();
    const send = (client: string, n: number) => {
      const g = gate(log, `${client}${n}`);
      gates.set(`${client}${n}`, g);
      expect(queue.tryRun(client, g.task).ok).toBe(true);
    };
    send('x', 0); // holds the slot
    for (let n = 1; n <= 4; n++) send('a', n); // a sends four at once
    send('b', 1);
    send('c', 1);
    send('b', 2);
    await tick();
    for (let i = 0; i < 8; i++) {
      gates.get(log.at(-1)!)!.release();
      await tick();
      await tick();
    }
    expect(log).toEqual(['x0', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
  });

  it('refuses beyond the per-client bound as the client\'s doing, beyond the total bound as load', async () => {
    const log: string[] = [];
    const queue = new FairQueue({ slots: 1, queueLimit: 3, perClientWaiting: 2 });
    const held = gate(log, 'a0');
    queue.tryRun('a', held.task);
    expect(queue.tryRun('a', async () => 1).ok).toBe(true);
    expect(queue.tryRun('a', async () => 2).ok).toBe(true);
    expect(queue.tryRun('a', async () => 3)).toMatchObject({ ok: false, reason: 'client' });
    expect(queue.tryRun('b', async () => 4).ok).toBe(true);
    const refused = queue.tryRun('c', async () => 5);
    expect(refused).toMatchObject({ ok: false, reason: 'busy', retryAfterSeconds: expect.any(Number) });
    held.release();
  });

  it('a withdrawn grade never runs, and its place goes to the next', async () => {
    const log: string[] = [];
    const queue = new FairQueue({ slots: 1, queueLimit: 5, perClientWaiting: 5 });
    const held = gate(log, 'a');
    queue.tryRun('a', held.task);
    const left = queue.tryRun('b', async () => { log.push('b'); });
    const next = queue.tryRun('c', async () => { log.push('c'); });
    if (!left.ok || !next.ok) throw new Error('admitted');
    expect(left.withdraw()).toBe(true);
    await expect(left.result).rejects.toBeInstanceOf(Withdrawn);
    held.release();
    await next.result;
    expect(log).toEqual(['a', 'c']);
    expect(left.withdraw()).toBe(false);
  });

  it('a task that throws frees its slot', async () => {
    const queue = new FairQueue({ slots: 1, queueLimit: 5, perClientWaiting: 5 });
    const failing = queue.tryRun('a', () => { throw new Error('boom'); });
    const after = queue.tryRun('b', async () => 'ran');
    if (!failing.ok || !after.ok) throw new Error('admitted');
    await expect(failing.result).rejects.toThrow('boom');
    expect(await after.result).toBe('ran');
  });
});

describe('RateLimiter charges slot time', () => {
  it('a grade that held its slot long costs more afterwards', () => {
    const limiter = new RateLimiter(30, 10);
    const now = 1_000_000;
    expect(limiter.take('a', now)).toBe(0);
    limiter.charge('a', 10, now); // a 20 s grade: 10 more tokens, 11 in all
    expect(limiter.take('a', now)).toBeGreaterThan(0);
    expect(limiter.take('b', now)).toBe(0);
  });
});
