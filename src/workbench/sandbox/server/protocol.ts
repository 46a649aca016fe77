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

// Which variables a Run may set: one definition for the editor's env field and the server (run-env.ts).
export { envProblem, ENV_NAME, MAX_ENV_VALUE, MAX_ENV_VARS } from './run-env.ts';
