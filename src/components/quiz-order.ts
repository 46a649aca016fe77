/**
 * The order a learner sees a question's options in. Every quiz in the sources lists the correct answer
 * first, so each learner gets a shuffle of their own: seeded by a random id kept with their progress, so
 * the order stays put across reloads (an answer doesn't move under the learner) but differs between learners.
 */

/** FNV-1a, 32 bit: enough to spread a seed and a question's key over the PRNG's state. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small PRNG, deterministic for one state. */
function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A permutation of 0..count-1 for one learner's seed and one question (key names it, e.g. "config#2"):
 * the same inputs always give the same order (Fisher–Yates driven by the seeded PRNG).
 */
export function optionOrder(seed: string, key: string, count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const random = mulberry32(hashString(`${seed}\u0000${key}`));
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** A fresh random seed for a learner who has none yet (hex, 16 characters). */
export function newSeed(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
