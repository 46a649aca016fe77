import { createServer, type Server } from 'node:net';

/**
 * Host uids for sandboxed runs (as root). A run takes a slot: two unprivileged uids, one for the judge (the
 * harness) and one for the judged (the learner's processes), so that neither a run's learner code and its
 * harness nor two runs share a uid: none can write another's files, and RLIMIT_NPROC counts each apart.
 *
 * A slot is held by binding an abstract Unix socket named after it. The kernel releases the name when the
 * holder closes it or dies, however it dies: no lock file to go stale, and no pid to compare, which would mean
 * nothing across pid namespaces (a server in a container is pid 1 there). Processes that share a network
 * namespace share the names, so every server and CLI on one machine (or in one container) draws from one pool.
 */
export const FIRST_UID = 61000;
export const UID_SLOTS = 256;

export interface UidSlot {
  /** The harness's uid (and gid): the run's group, which the learner uid is a member of. */
  judge: number;
  /** The learner's processes' uid (and gid). */
  learner: number;
  release(): void;
}

export class UidPoolExhausted extends Error {}

const lockName = (slot: number) => `\0twelve-factor-lab/sandbox-slot/${slot}`;

/** Binds the slot's name; the bind happens inside listen(), so the answer is known when it returns. */
function hold(slot: number): Server | undefined {
  const server = createServer();
  server.on('error', () => {}); // EADDRINUSE arrives on the next tick; `listening` already said so
  server.listen({ path: lockName(slot) });
  if (!server.listening) return undefined;
  server.unref(); // a held slot must not keep a CLI alive
  return server;
}

let next = 0;

export function claimUidSlot(): UidSlot {
  for (let i = 0; i < UID_SLOTS; i++) {
    const slot = (next + i) % UID_SLOTS;
    const lock = hold(slot);
    if (!lock) continue;
    next = (slot + 1) % UID_SLOTS; // round robin: a released uid is not reused at once by the same server
    let released = false;
    return {
      judge: FIRST_UID + 2 * slot,
      learner: FIRST_UID + 2 * slot + 1,
      release() {
        if (released) return;
        released = true;
        lock.close();
      },
    };
  }
  throw new UidPoolExhausted(`more than ${UID_SLOTS} sandboxed runs at once`);
}

/** Whether a slot is free right now (for the start-up sweep: a run root whose slot nobody holds is stale). */
export function slotIsFree(slot: number): boolean {
  const lock = hold(slot);
  lock?.close();
  return lock !== undefined;
}
