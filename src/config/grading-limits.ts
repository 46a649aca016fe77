/**
 * Limits of the `npm start` grading API (src/server/api), read at start — never baked into a build.
 * (GRADING_SANDBOX, the other start-time grading setting, is read by src/sandbox/index.ts.)
 * Only the variables that are set are returned, so the API's own defaults stay the single source of truth
 * (documented in docs/instructors.md).
 */
import { readWholeNumbers } from './whole-numbers.ts';

export interface GradingLimits {
  /** GRADE_CONCURRENCY: grades running at once. */
  maxGrades?: number;
  /** GRADE_QUEUE: grades waiting for a slot before the API answers 429. */
  maxQueuedGrades?: number;
  /** RUN_CONCURRENCY: learner apps running at once for the workbench's Run button. */
  maxRuns?: number;
  /** RUN_TIMEOUT_MS: longest a Run may last. */
  runLimitMs?: number;
  /** GRADE_RATE_PER_MINUTE: grade and run requests per client and minute. */
  ratePerMinute?: number;
  /** GRADE_RATE_BURST: requests a client may make at once before the per-minute rate applies. */
  rateBurst?: number;
}

type Env = Record<string, string | undefined>;

/** Each variable, the option it sets, and its allowed range. */
export const gradingLimitVariables = [
  { name: 'GRADE_CONCURRENCY', option: 'maxGrades', min: 1, max: 64 },
  { name: 'GRADE_QUEUE', option: 'maxQueuedGrades', min: 0, max: 1000 },
  { name: 'RUN_CONCURRENCY', option: 'maxRuns', min: 1, max: 64 },
  { name: 'RUN_TIMEOUT_MS', option: 'runLimitMs', min: 1000, max: 600_000 },
  { name: 'GRADE_RATE_PER_MINUTE', option: 'ratePerMinute', min: 1, max: 1_000_000 },
  { name: 'GRADE_RATE_BURST', option: 'rateBurst', min: 1, max: 100_000 },
] as const satisfies ReadonlyArray<{ name: string; option: keyof GradingLimits; min: number; max: number }>;

export function readGradingLimits(env: Env = process.env): GradingLimits {
  return readWholeNumbers(gradingLimitVariables, env);
}
