/**
 * What one sandboxed grading run or Run may use altogether, read at start by the server and the grading CLIs
 * (src/sandbox/limits.ts holds the defaults). Validated like the grading API's limits (grading-limits.ts):
 * only the variables that are set are returned.
 */
import { readWholeNumbers } from './whole-numbers.ts';

export interface SandboxLimitSettings {
  /** GRADING_MEMORY_MB: memory of all of a run's learner processes together. */
  memoryMb?: number;
  /** GRADING_PROCESSES: processes and threads of all of a run's learner processes together. */
  processes?: number;
  /** GRADING_DISK_MB: size of a run's folder, and of each sandbox's /tmp. */
  diskMb?: number;
}

export const sandboxLimitVariables = [
  { name: 'GRADING_MEMORY_MB', option: 'memoryMb', min: 64, max: 65_536 },
  { name: 'GRADING_PROCESSES', option: 'processes', min: 32, max: 8192 },
  { name: 'GRADING_DISK_MB', option: 'diskMb', min: 16, max: 65_536 },
] as const satisfies ReadonlyArray<{ name: string; option: keyof SandboxLimitSettings; min: number; max: number }>;

export function readSandboxLimitSettings(env: Record<string, string | undefined> = process.env): SandboxLimitSettings {
  return readWholeNumbers(sandboxLimitVariables, env);
}
