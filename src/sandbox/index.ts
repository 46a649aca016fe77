import { ConfigError } from '../config/course-config.ts';
import { directLauncher, type Launcher } from '../grading/grader-process.ts';
import { bubblewrapLauncher, sandboxProblem } from './bubblewrap.ts';

/**
 * Picks how learner code runs. The sandbox is the default everywhere (server, grade, regrade); running
 * without it is an explicit, visible choice for local development, never a silent fallback.
 */
export class SandboxUnavailableError extends Error {}

export type SandboxSetting = 'bubblewrap' | 'unsafe-none';

/** GRADING_SANDBOX: "bubblewrap" (the default) or "unsafe-none", the explicit opt-out for local development. */
export function readSandboxSetting(env: Record<string, string | undefined> = process.env): SandboxSetting {
  const raw = env.GRADING_SANDBOX || 'bubblewrap';
  if (raw === 'bubblewrap' || raw === 'unsafe-none') return raw;
  throw new ConfigError(`GRADING_SANDBOX="${raw}" is not allowed: use one of bubblewrap, unsafe-none`);
}

let probed: { problem: string | undefined } | undefined;

export function gradingLauncher(options: { sandbox: boolean; nodeBinary?: string }): Launcher {
  if (!options.sandbox) return directLauncher;
  probed ??= { problem: sandboxProblem(options.nodeBinary) };
  if (probed.problem) throw new SandboxUnavailableError(`the grading sandbox is unavailable: ${probed.problem}`);
  return bubblewrapLauncher();
}
