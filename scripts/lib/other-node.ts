import { execFileSync } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import path from 'node:path';
import type { NodeBinary } from '../../src/grading/verify-exercise.ts';

/**
 * The machine's preinstalled Node of another major version (e.g. Node 20, what WebContainer runs), found on
 * PATH outside any node_modules folder. Undefined when there is none.
 */
export function findOtherNode(current: string = process.version): NodeBinary | undefined {
  const currentMajor = majorOf(current);
  const self = safeRealpath(process.execPath);
  const seen = new Set<string>();
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir || dir.split(path.sep).includes('node_modules')) continue;
    const candidate = path.join(dir, 'node');
    const real = safeRealpath(candidate);
    if (!real || real === self || seen.has(real) || real.split(path.sep).includes('node_modules')) continue;
    seen.add(real);
    try {
      accessSync(real, constants.X_OK);
      const version = execFileSync(real, ['--version'], { encoding: 'utf8', timeout: 5000 }).trim();
      if (majorOf(version) !== currentMajor) return { path: candidate, version: version.replace(/^v/, '') };
    } catch {
      // not runnable: keep looking
    }
  }
  return undefined;
}

function majorOf(version: string): number {
  return Number(/^v?(\d+)/.exec(version)?.[1]);
}

function safeRealpath(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}
