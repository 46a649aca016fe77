/**
 * The learner's saved state, namespaced by course so two courses on one origin never collide.
 * localStorage can be missing, full or blocked (private modes, strict cookie settings): then we keep
 * working in memory and say so once, visibly, instead of losing clicks silently.
 */
const memory = new Map<string, string>();
let warned = false;

function courseId(): string {
  return document.documentElement.dataset.courseId ?? 'twelve-factor-lab';
}

function key(name: string): string {
  return `tfl:${courseId()}:${name}`;
}

function warnOnce(): void {
  if (warned) return;
  warned = true;
  const banner = document.getElementById('storage-warning');
  if (banner) banner.hidden = false;
}

export function readJSON<T>(name: string, fallback: T): T {
  let raw: string | null | undefined;
  try {
    raw = localStorage.getItem(key(name));
  } catch {
    warnOnce();
    raw = memory.get(key(name));
  }
  if (raw === null || raw === undefined) raw = memory.get(key(name));
  if (raw === undefined || raw === null) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

export function writeJSON(name: string, value: unknown): void {
  const raw = JSON.stringify(value);
  memory.set(key(name), raw);
  try {
    localStorage.setItem(key(name), raw);
  } catch {
    warnOnce();
  }
  document.dispatchEvent(new CustomEvent('tfl:store', { detail: { name } }));
}

export function completedLessons(): Set<string> {
  return new Set(readJSON<string[]>('completed', []));
}

export function markCompleted(slug: string): void {
  const done = completedLessons();
  done.add(slug);
  writeJSON('completed', [...done]);
}

/** Forgets a saved value (used by the workbench to drop a consumed backup). */
export function removeJSON(name: string): void {
  memory.delete(key(name));
  try {
    localStorage.removeItem(key(name));
  } catch {
    warnOnce();
  }
}

/** True when values survive a reload (localStorage works); false when only memory holds them. */
export function storageIsPersistent(): boolean {
  try {
    const probe = key('__probe__');
    localStorage.setItem(probe, '1');
    localStorage.removeItem(probe);
    return true;
  } catch {
    warnOnce();
    return false;
  }
}
