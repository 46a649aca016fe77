import { directLauncher, type Launcher } from '../../grading/local-runner.ts';
import { bubblewrapLauncher, sandboxProblem } from './bubblewrap.ts';

/**
 * Picks how learner code runs. The sandbox is the default everywhere (server, grade, regrade); running
 * without it is an explicit, visible choice for local development, never a silent fallback.
 */
export class SandboxUnavailableError extends Error {}

let probed: { problem: string | undefined } | undefined;

export function gradingLauncher(options: { sandbox: boolean; nodeBinary?: string }): Launcher {
  if (!options.sandbox) return directLauncher;
  probed ??= { problem: sandboxProblem(options.nodeBinary) };
  if (probed.problem) throw new SandboxUnavailableError(`the grading sandbox is unavailable: ${probed.problem}`);
  return bubblewrapLauncher();
}
