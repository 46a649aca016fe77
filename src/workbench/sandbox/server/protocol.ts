/**
 * The wire format between the Server sandbox (browser) and src/server/api (Node). Grading follows DESIGN.md
 * exactly; health and run are this project's own and documented in docs/workbench.md.
 */
import type { FileMap } from '../../types.ts';

/** GET <base>api/health */
export interface HealthResponse {
  ok: true;
  sandbox: 'server';
  /** Longest a Run may last on this server. */
  runLimitMs: number;
}

/** POST <base>api/grade body (DESIGN.md "Server"). */
export interface GradeRequest {
  exercise: string;
  files: FileMap;
}

/** POST <base>api/run body; answered with NDJSON RunEvent lines. */
export interface RunRequest extends GradeRequest {
  /** Extra environment variables for the app; PORT is chosen by the server unless given. */
  env?: Record<string, string>;
}

export type RunEvent =
  | { type: 'start'; port: number; limitMs: number }
  | { type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'end'; reason: 'exited' | 'stopped' | 'timeout' | 'failed'; code: number | null; signal: string | null; message: string };

/** Error bodies of 4xx/5xx answers. */
export interface ErrorBody {
  error: string;
}

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MAX_ENV_VARS = 50;
export const MAX_ENV_VALUE = 4096;

/** Why an env object is not acceptable, or undefined. Shared by the editor's env field and the server. */
export function envProblem(env: unknown): string | undefined {
  if (env === undefined) return undefined;
  if (typeof env !== 'object' || env === null || Array.isArray(env)) return '"env" must be an object of NAME → text';
  const entries = Object.entries(env as Record<string, unknown>);
  if (entries.length > MAX_ENV_VARS) return `at most ${MAX_ENV_VARS} environment variables`;
  for (const [name, value] of entries) {
    if (!ENV_NAME.test(name)) return `"${name.slice(0, 40)}" is not a variable name (letters, digits, _; not starting with a digit)`;
    if (typeof value !== 'string' || value.length > MAX_ENV_VALUE) return `${name} must be text of at most ${MAX_ENV_VALUE} characters`;
  }
  return undefined;
}
