/**
 * Grading slots shared fairly between clients. A client holds at most one slot at a time: its further grades
 * wait, even while a slot is free, so one client with slow submissions cannot take every slot. Waiting grades
 * start round-robin by client (a client served moves to the back of the line), so a client with many waiting
 * grades gets one turn per round, not one turn per grade it sent. The queue is bounded twice: in total
 * (`queueLimit`, beyond it the server is busy) and per client (`perClientWaiting`, beyond it that client is
 * asking for more than its share); both are refused at once, the API answers 429 + Retry-After.
 */
export type Admission<T> =
  | { ok: true; result: Promise<T>; withdraw: () => boolean }
  | { ok: false; reason: 'busy' | 'client'; retryAfterSeconds: number };

/** What a withdrawn job's result rejects with: it never ran. */
export class Withdrawn extends Error {
  constructor() {
    super('the job was withdrawn before it started');
  }
}

interface Job {
  client: string;
  start: () => void;
  cancel: () => void;
}

export class FairQueue {
  readonly slots: number;
  readonly queueLimit: number;
  readonly perClientWaiting: number;
  #runningClients = new Set<string>();
  /** Waiting jobs per client; the Map's order is the round-robin order. */
  #waiting = new Map<string, Job[]>();
  #waitingCount = 0;
  /** Moving average of how long a job holds its slot, for Retry-After. */
  #averageMs: number;

  constructor(options: { slots: number; queueLimit: number; perClientWaiting: number; typicalMs?: number }) {
    this.slots = Math.max(1, options.slots);
    this.queueLimit = Math.max(0, options.queueLimit);
    this.perClientWaiting = Math.max(0, Math.min(options.perClientWaiting, this.queueLimit));
    this.#averageMs = options.typicalMs ?? 1000;
  }

  get running(): number {
    return this.#runningClients.size;
  }

  get waiting(): number {
    return this.#waitingCount;
  }

  /** Starts `task` for `client` now, or queues it; refuses when either bound is reached. */
  tryRun<T>(client: string, task: () => Promise<T>): Admission<T> {
    const canStart = this.#runningClients.size < this.slots && !this.#runningClients.has(client);
    if (!canStart) {
      const own = this.#waiting.get(client)?.length ?? 0;
      if (own >= this.perClientWaiting) {
        return { ok: false, reason: 'client', retryAfterSeconds: this.#seconds((own + 1) * this.#averageMs) };
      }
      if (this.#waitingCount >= this.queueLimit) {
        return { ok: false, reason: 'busy', retryAfterSeconds: this.#seconds(((this.#waitingCount + this.running) * this.#averageMs) / this.slots) };
      }
    }
    let job!: Job;
    const result = new Promise<T>((resolve, reject) => {
      job = {
        client,
        start: () => {
          this.#runningClients.add(client);
          const started = Date.now();
          // A task that throws synchronously still frees its slot.
          Promise.resolve().then(task).then(resolve, reject).finally(() => {
            this.#averageMs = this.#averageMs * 0.8 + (Date.now() - started) * 0.2;
            this.#runningClients.delete(client);
            this.#dispatch();
          });
        },
        cancel: () => reject(new Withdrawn()),
      };
    });
    if (canStart) job.start();
    else this.#enqueue(job);
    return { ok: true, result, withdraw: () => this.#withdraw(job) };
  }

  #enqueue(job: Job): void {
    const list = this.#waiting.get(job.client);
    if (list) list.push(job);
    else this.#waiting.set(job.client, [job]);
    this.#waitingCount++;
  }

  /** Takes a job out of the queue before it started (its requester left, or the server is stopping). */
  #withdraw(job: Job): boolean {
    const list = this.#waiting.get(job.client);
    const index = list?.indexOf(job) ?? -1;
    if (!list || index === -1) return false;
    list.splice(index, 1);
    if (list.length === 0) this.#waiting.delete(job.client);
    this.#waitingCount--;
    job.cancel();
    return true;
  }

  #dispatch(): void {
    while (this.#runningClients.size < this.slots) {
      const client = [...this.#waiting.keys()].find((c) => !this.#runningClients.has(c));
      if (client === undefined) return;
      const list = this.#waiting.get(client)!;
      const job = list.shift()!;
      this.#waitingCount--;
      // Served: to the back of the line, behind every other client that is waiting.
      this.#waiting.delete(client);
      if (list.length > 0) this.#waiting.set(client, list);
      job.start();
    }
  }

  #seconds(ms: number): number {
    return Math.max(1, Math.ceil(ms / 1000));
  }
}
