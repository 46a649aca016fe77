/**
 * The `npm start` API under <base>api/ (DESIGN.md "Server"; docs/workbench.md for health and run):
 *   GET  health  → { ok, sandbox: "server", runLimitMs }          (how the workbench detects the server;
 *                  ?exercise=<id> also readies a grader for that exercise)
 *   POST grade   → 200 GradeResult | 400 | 404 | 413 | 415 | 429 + Retry-After | 503   (grade-route.ts)
 *   POST run     → 200 NDJSON stream of RunEvent lines | 400 | 404 | 413 | 415 | 429 + Retry-After | 503   (run-route.ts)
 * Grading goes through src/grading/local-runner.ts (with spare graders, warm-graders.ts) inside the sandbox the
 * caller passes as `launcher` (bubblewrap in `npm start`); grades share their slots fairly between clients
 * (fair-queue.ts), runs have a bounded pool, and both pass a per-client rate limit, a JSON-only content type
 * and a request size limit. Without a usable sandbox the server still serves the course,
 * answers 503 here, and the workbench falls back to the in-browser sandbox.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { DEFAULT_EXERCISES_DIR, listExerciseIds, loadExercise } from '../../grading/exercises.ts';
import type { GradeResult } from '../../grading/grade-result.ts';
import type { Launcher } from '../../grading/grader-process.ts';
import { gradeWorkingCopy } from '../../grading/local-runner.ts';
import { createWarmGraders } from '../../grading/warm-graders.ts';
import type { HealthResponse } from '../../workbench/sandbox/server/protocol.ts';
import type { FileMap } from '../../workbench/types.ts';
import { limitKey, type ClientAddress } from '../client-address.ts';
import { FairQueue } from './fair-queue.ts';
import { createGradeRoute } from './grade-route.ts';
import { BadJson, BodyTooLarge, jsonContentTypeProblem, readJsonBody, sendError, sendJson } from './http-io.ts';
import { Limiter } from './limiter.ts';
import { RateLimiter } from './rate-limit.ts';
import { createRunRoute } from './run-route.ts';
import { checkRequest } from './validate-request.ts';

export interface ApiOptions {
  /** URL prefix the site is served under ("/" or "/course/"); the API lives at <basePath>api/. */
  basePath: string;
  exercisesDir?: string;
  /** Replaces the local runner (tests, or a remote grader). */
  grade?: (exerciseId: string, files: FileMap) => Promise<GradeResult>;
  /** Starts grader and app processes (npm start passes the bubblewrap sandbox); default: plain child processes. */
  launcher?: Launcher;
  /** Set when server grading must stay off (no sandbox): grade and run answer 503 with this reason. */
  disabledReason?: string;
  /**
   * Who sent a request, for the rate limit and fair share (src/server/client-address.ts; TRUST_PROXY).
   * Default: the connection's address.
   */
  clientAddress?: ClientAddress;
  /** Grades running at once (default: one per core); one client holds at most one of them (fair-queue.ts). */
  maxGrades?: number;
  /**
   * Grades waiting for a slot (default 8 per slot, so a queued learner waits seconds, not minutes — the
   * workbench gives up after the exercise's run limit + 15 s), and how many of them one client may have (default 2).
   */
  maxQueuedGrades?: number;
  maxQueuedPerClient?: number;
  /** Grade and run requests per client and minute (default 30), with bursts of up to `rateBurst` (default 10). */
  ratePerMinute?: number;
  rateBurst?: number;
  /** Apps running at once for Run (default 4); no queue: a learner would rather hear "busy" than wait. */
  maxRuns?: number;
  /** Largest request body in bytes (default 1 MB; the files themselves are limited in paths.ts). */
  maxBodyBytes?: number;
  /** Longest a Run may last (default 30 s) and most output it may stream (default 256 KB). */
  runLimitMs?: number;
  runOutputLimit?: number;
}

/** The defaults of the options above, in one place for the docs test (tests/unit/server/docs-limits.test.ts). */
export const API_DEFAULTS = {
  queuedGradesPerSlot: 8,
  maxQueuedPerClient: 2,
  ratePerMinute: 30,
  rateBurst: 10,
  maxRuns: 4,
  maxBodyBytes: 1024 * 1024,
  runLimitMs: 30_000,
  runOutputLimit: 256 * 1024,
} as const;

export interface ApiHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /**
   * SIGTERM: refuses new work (503), answers every waiting grade at once and every running grade once it is done
   * or after graceMs with an `error` result saying the server is restarting, stops every running app with a
   * `failed` event, and ends the spare graders. Resolves once every API request has had its answer.
   */
  shutdown(graceMs: number): Promise<void>;
  /** Ends the spare graders (tests that never send SIGTERM). */
  stop(): void;
}

export function createApiHandler(options: ApiOptions): ApiHandler {
  const exercisesDir = options.exercisesDir ?? DEFAULT_EXERCISES_DIR;
  const maxGrades = options.maxGrades ?? availableParallelism();
  const queueLimit = options.maxQueuedGrades ?? maxGrades * API_DEFAULTS.queuedGradesPerSlot;
  const grades = new FairQueue({ slots: maxGrades, queueLimit, perClientWaiting: options.maxQueuedPerClient ?? API_DEFAULTS.maxQueuedPerClient });
  const perClient = new RateLimiter(options.ratePerMinute ?? API_DEFAULTS.ratePerMinute, options.rateBurst ?? API_DEFAULTS.rateBurst);
  const maxBody = options.maxBodyBytes ?? API_DEFAULTS.maxBodyBytes;
  const runLimitMs = options.runLimitMs ?? API_DEFAULTS.runLimitMs;
  const address = options.clientAddress ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown');
  const clientOf = (req: IncomingMessage) => limitKey(address(req));
  const prefix = `${options.basePath}api/`;
  const isKnown = (id: string) => listExerciseIds(exercisesDir).includes(id);
  // Spare graders (warm-graders.ts) for the local runner: Run tests need not wait for Node to start.
  const warm = options.grade || options.disabledReason ? undefined : createWarmGraders({ launcher: options.launcher });
  const grade = options.grade ?? ((exerciseId: string, files: FileMap) =>
    gradeWorkingCopy({ exerciseId, files, exercisesDir, launcher: options.launcher, warm }));
  const gradeRoute = createGradeRoute(grades, perClient, grade);
  const runRoute = createRunRoute(new Limiter(options.maxRuns ?? API_DEFAULTS.maxRuns, 0, 30_000), {
    limitMs: runLimitMs, outputLimit: options.runOutputLimit ?? API_DEFAULTS.runOutputLimit, launcher: options.launcher,
  });
  let stopping = false;
  /** GET health?exercise=<id>, sent as a workbench opens: a grader for that exercise is made ready now. */
  const warmFor = (id: string | null) => {
    if (!warm || !id || !isKnown(id)) return;
    try {
      warm.refill(loadExercise(id, exercisesDir));
    } catch {
      // A broken exercise.json: health still answers (the workbench must find the server), the grade says what is wrong.
    }
  };

  /** The checks every POST shares, cheapest first; answers the request itself when one fails. */
  async function readChecked(req: IncomingMessage, res: ServerResponse, client: string, allowEnv: boolean) {
    if (options.disabledReason) {
      sendError(res, 503, `grading on this server is off: ${options.disabledReason}`);
      return undefined;
    }
    if (stopping) {
      sendError(res, 503, 'the server is restarting; try again in a moment', { 'Retry-After': '5', Connection: 'close' });
      return undefined;
    }
    const typeProblem = jsonContentTypeProblem(req);
    if (typeProblem) {
      sendError(res, 415, typeProblem);
      return undefined;
    }
    const wait = perClient.take(client);
    if (wait > 0) {
      sendError(res, 429, `too many grade and run requests from your network address; try again in ${wait} s`, { 'Retry-After': String(wait) });
      return undefined;
    }
    let body: unknown;
    try {
      body = await readJsonBody(req, maxBody);
    } catch (error) {
      if (error instanceof BodyTooLarge) sendError(res, 413, `the request is larger than ${Math.round(maxBody / 1024)} KB`);
      else if (error instanceof BadJson) sendError(res, 400, 'the body is not valid UTF-8 JSON');
      else throw error;
      return undefined;
    }
    const checked = checkRequest(body, isKnown, allowEnv);
    if (!checked.ok) {
      sendError(res, checked.status, checked.error);
      return undefined;
    }
    if (stopping) { // the body took long enough for a shutdown to begin
      sendError(res, 503, 'the server is restarting; try again in a moment', { 'Retry-After': '5', Connection: 'close' });
      return undefined;
    }
    return checked;
  }

  async function handleGrade(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const client = clientOf(req);
    const checked = await readChecked(req, res, client, false);
    if (checked) await gradeRoute.handle(res, client, checked.exerciseId, checked.files);
  }

  async function handleRun(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const client = clientOf(req);
    const checked = await readChecked(req, res, client, true);
    if (!checked) return;
    let main: string;
    try {
      main = loadExercise(checked.exerciseId, exercisesDir).meta.main;
    } catch {
      sendError(res, 500, `exercise "${checked.exerciseId}" is broken on this server; tell your instructor`);
      return;
    }
    await runRoute.handle(res, client, { files: checked.files, env: checked.env, main });
  }

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = url.pathname.slice(prefix.length);
    const routes: Record<string, { method: string; handle: () => Promise<void> | void }> = {
      health: {
        method: 'GET',
        handle: () => {
          if (options.disabledReason) return sendJson(res, 503, { ok: false, reason: options.disabledReason });
          if (stopping) return sendJson(res, 503, { ok: false, reason: 'the server is restarting' });
          warmFor(url.searchParams.get('exercise'));
          return sendJson(res, 200, { ok: true, sandbox: 'server', runLimitMs } satisfies HealthResponse);
        },
      },
      grade: { method: 'POST', handle: () => handleGrade(req, res) },
      run: { method: 'POST', handle: () => handleRun(req, res) },
    };
    const match = Object.hasOwn(routes, route) ? routes[route] : undefined;
    if (!match) return sendError(res, 404, `no API route "${route}"`);
    if (req.method !== match.method && !(match.method === 'GET' && req.method === 'HEAD')) {
      return sendError(res, 405, `use ${match.method}`, { Allow: match.method });
    }
    await match.handle();
  };
  return Object.assign(handler, {
    shutdown: async (graceMs: number) => {
      stopping = true;
      warm?.close();
      await Promise.all([gradeRoute.shutdown(graceMs), runRoute.shutdown()]);
    },
    stop: () => warm?.close(),
  });
}
