import type { FileMap } from '../types.ts';

export interface FileDiff {
  /** Files that are new or changed, with their new text. */
  write: FileMap;
  /** Files that are gone. */
  remove: string[];
}

/** What must change to turn `before` into `after` — the sandbox mounts by diff, not by rewriting everything. */
export function diffFiles(before: FileMap, after: FileMap): FileDiff {
  const write: FileMap = {};
  for (const [path, text] of Object.entries(after)) {
    if (before[path] !== text) write[path] = text;
  }
  const remove = Object.keys(before).filter((path) => !(path in after));
  return { write, remove };
}

export function isEmptyDiff(diff: FileDiff): boolean {
  return diff.remove.length === 0 && Object.keys(diff.write).length === 0;
}

/** Parent folders of a path, outermost first: "a/b/c.js" → ["a", "a/b"]. */
export function parentDirs(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export function sameFiles(a: FileMap, b: FileMap): boolean {
  return isEmptyDiff(diffFiles(a, b));
}
