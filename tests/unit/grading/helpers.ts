import { mkdtempSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = path.join(REPO, 'tests/fixtures/exercises');

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}-`));
}

/** Processes whose working directory is inside `dir` (Linux /proc); used to prove nothing outlives a run. */
export function processesIn(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(dir)) found.push(Number(entry));
    } catch {
      // gone, or not ours to inspect
    }
  }
  return found;
}

/**
 * Resolves with what is left in dir once it is empty or after 5 s (a discarded grader removes its temp dir only
 * when its process has closed).
 */
export async function emptied(dir: string): Promise<string[]> {
  for (let i = 0; i < 100 && readdirSync(dir).length > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  return readdirSync(dir);
}
