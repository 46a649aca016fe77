import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A folder as the grading API and submissions carry it: relative path (with "/") → UTF-8 text. */
export function readWorkingCopy(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
  }
  return files;
}
