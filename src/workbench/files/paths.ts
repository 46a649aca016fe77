/**
 * What counts as a learner file path, and how big a working copy may be. One definition, used by the editor
 * (import, new files), the server API (400 / 413) and the sandboxes, so a path accepted in one place is never
 * refused in another.
 */

/** Folders the learner never owns: hidden tests live in `.grading/`, the rest are tooling. */
export const RESERVED_TOP_LEVEL = ['.grading', 'node_modules', '.git'] as const;

export const LIMITS = {
  /** Files in one working copy. */
  maxFiles: 100,
  /** Bytes (UTF-8) of one file. */
  maxFileBytes: 256 * 1024,
  /** Bytes (UTF-8) of all files together; below the server's 1 MB body limit, JSON escaping included. */
  maxTotalBytes: 768 * 1024,
  maxPathLength: 200,
  /** Bytes (UTF-8) of one file or folder name: what Linux file systems accept (NAME_MAX). */
  maxNameBytes: 255,
  /** Folders and file in one path ("a/b/c.js" is 3): deeper than any project's tree needs. */
  maxDepth: 16,
} as const;

/** Why `path` is not a safe learner file path, or undefined when it is. */
export function pathProblem(path: string): string | undefined {
  if (typeof path !== 'string' || path.length === 0) return 'is empty';
  if (path.length > LIMITS.maxPathLength) return `is longer than ${LIMITS.maxPathLength} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return 'contains a backslash or a control character';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'has an empty, "." or ".." segment';
  if (segments.length > LIMITS.maxDepth) return `is ${segments.length} levels deep (at most ${LIMITS.maxDepth})`;
  const longName = segments.find((s) => utf8Length(s) > LIMITS.maxNameBytes);
  if (longName !== undefined) return `has a name longer than ${LIMITS.maxNameBytes} bytes in UTF-8 ("${longName.slice(0, 20)}…")`;
  const top = segments[0] ?? '';
  if ((RESERVED_TOP_LEVEL as readonly string[]).includes(top)) return `is inside ${top}/, which the sandbox owns`;
  return undefined;
}

export function isSafePath(path: string): boolean {
  return pathProblem(path) === undefined;
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

export type FilesProblem =
  | { kind: 'path'; message: string }
  | { kind: 'size'; message: string };

/** Checks a whole working copy; the first problem wins. `kind` lets the server choose 400 or 413. */
export function filesProblem(files: unknown): FilesProblem | undefined {
  if (typeof files !== 'object' || files === null || Array.isArray(files)) {
    return { kind: 'path', message: '"files" must be an object of relative path → text' };
  }
  const entries = Object.entries(files as Record<string, unknown>);
  if (entries.length > LIMITS.maxFiles) return { kind: 'size', message: `too many files (${entries.length}; at most ${LIMITS.maxFiles})` };
  let total = 0;
  for (const [path, text] of entries) {
    const problem = pathProblem(path);
    if (problem) return { kind: 'path', message: `file path "${path.slice(0, 80)}" ${problem}` };
    if (typeof text !== 'string') return { kind: 'path', message: `file "${path}" must be text` };
    // NUL bytes and lone surrogates mean a binary file or broken text: nothing an exercise is made of.
    if (text.includes('\u0000') || !text.isWellFormed()) return { kind: 'path', message: `file "${path}" is not UTF-8 text` };
    const bytes = utf8Length(text);
    if (bytes > LIMITS.maxFileBytes) return { kind: 'size', message: `file "${path}" is larger than ${LIMITS.maxFileBytes / 1024} KB` };
    total += bytes;
  }
  if (total > LIMITS.maxTotalBytes) return { kind: 'size', message: `the files add up to more than ${LIMITS.maxTotalBytes / 1024} KB` };
  const clash = fileFolderClash(entries.map(([path]) => path));
  if (clash) return { kind: 'path', message: `"${clash.file.slice(0, 80)}" is a file and also a folder (of "${clash.inside.slice(0, 80)}"): rename one of them` };
  return undefined;
}

/** A path that is a file and, in another path, a folder ("a" and "a/b"): no file system can hold both. */
function fileFolderClash(paths: readonly string[]): { file: string; inside: string } | undefined {
  const files = new Set(paths);
  for (const path of paths) {
    for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
      const folder = path.slice(0, cut);
      if (files.has(folder)) return { file: folder, inside: path };
    }
  }
  return undefined;
}

/** Sorted paths: folders' files after the top-level ones of the same prefix, as file trees usually list them. */
export function sortPaths(paths: Iterable<string>): string[] {
  return [...paths].sort((a, b) => {
    const da = a.split('/');
    const db = b.split('/');
    for (let i = 0; i < Math.min(da.length, db.length); i++) {
      const lastA = i === da.length - 1;
      const lastB = i === db.length - 1;
      if (da[i] !== db[i]) {
        if (lastA !== lastB) return lastA ? 1 : -1; // folders first within a folder
        return (da[i] ?? '') < (db[i] ?? '') ? -1 : 1;
      }
    }
    return da.length - db.length;
  });
}
