import { ConfigError } from '../config/course-config.ts';
import { directLauncher, type Launcher } from '../grading/grader-process.ts';
import { bubblewrapLauncher, sandboxProblem } from './bubblewrap.ts';
import { cgroupSupport, sweepRunCgroups } from './cgroups.ts';
import { sandboxLimits } from './limits.ts';
import { instanceDir, warnOnce } from './run-root.ts';

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
  const limits = sandboxLimits(); // a bad GRADING_* limit stops the start with its ConfigError
  probed ??= { problem: sandboxProblem(options.nodeBinary) };
  if (probed.problem) throw new SandboxUnavailableError(`the grading sandbox is unavailable: ${probed.problem}`);
  startupChecks();
  return bubblewrapLauncher(limits);
}

let checked = false;
/**
 * Once per process: sweep what dead processes left (run folders, empty cgroups; instanceDir does the folders)
 * and say what the sandbox cannot do here.
 */
function startupChecks(): void {
  if (checked) return;
  checked = true;
  instanceDir();
  sweepRunCgroups();
  if (process.getuid?.() !== 0) {
    warnOnce('not running as root: the harness and the learner\'s code share one uid and one sandbox (start as root to separate them)');
  }
  const cgroups = cgroupSupport();
  if (cgroups.kind === 'none') warnOnce(`no whole-run memory and process limits (${cgroups.reason}); each process keeps its rlimits`);
  if (process.pid === 1) {
    warnOnce('running as PID 1 without an init: start the container with an init (docker run --init, or tini) so that no exited process is left as a zombie');
  }
}
