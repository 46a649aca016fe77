/**
 * Validation of POST api/grade and api/run bodies, with the status codes DESIGN.md fixes:
 * 400 malformed body or unsafe path, 404 unknown exercise, 413 too large.
 */
import { EXERCISE_ID } from '../../grading/exercises.ts';
import { filesProblem } from '../../workbench/files/paths.ts';
import { envProblem } from '../../workbench/sandbox/server/protocol.ts';
import type { FileMap } from '../../workbench/types.ts';

export type CheckedRequest =
  | { ok: true; exerciseId: string; files: FileMap; env: Record<string, string> | undefined }
  | { ok: false; status: 400 | 404 | 413; error: string };

export function checkRequest(body: unknown, isKnownExercise: (id: string) => boolean, allowEnv: boolean): CheckedRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, status: 400, error: 'expected a JSON object { "exercise": "<id>", "files": { "<path>": "<text>" } }' };
  }
  const { exercise, files, env, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) return { ok: false, status: 400, error: `unknown field ${extra.map((k) => `"${k}"`).join(', ')}` };
  if (typeof exercise !== 'string' || !EXERCISE_ID.test(exercise)) {
    return { ok: false, status: 400, error: '"exercise" must be an exercise id such as "config"' };
  }
  const problem = filesProblem(files);
  if (problem) return { ok: false, status: problem.kind === 'size' ? 413 : 400, error: problem.message };
  if (!allowEnv && env !== undefined) return { ok: false, status: 400, error: 'unknown field "env"' };
  const badEnv = envProblem(env);
  if (badEnv) return { ok: false, status: 400, error: badEnv };
  if (!isKnownExercise(exercise)) return { ok: false, status: 404, error: `unknown exercise "${exercise}"` };
  return { ok: true, exerciseId: exercise, files: files as FileMap, env: env as Record<string, string> | undefined };
}
