/**
 * The `npm start` API under <base>api/ (DESIGN.md "Server"; docs/workbench.md for health and run):
 *   GET  health  → { ok, sandbox: "server", runLimitMs }          (how the workbench detects the server;
 *                  ?exercise=<id> also readies a grader for that exercise)
 *   POST grade   → 200 GradeResult | 400 | 404 | 413 | 429 + Retry-After
 *   POST run     → 200 NDJSON stream of RunEvent lines | 400 | 404 | 413 | 429 + Retry-After
 * Grading goes through src/grading/local-runner.ts (with spare graders, warm-graders.ts) inside the sandbox the
 * caller passes as `launcher` (bubblewrap in `npm start`); both grade and run are behind bounded queues, a
 * per-client rate limit and a request size limit. Without a usable sandbox the server still serves the course,
 * answers 503 here, and the workbench falls back to the in-browser sandbox.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { DEFAULT_EXERCISES_DIR, listExerciseIds, loadExercise } from '../../grading/exercises.ts';
import type { GradeResult } from '../../grading/grade-result.ts';
import type { Launcher } from '../../grading/grader-process.ts';
import { gradeWorkingCopy } from '../../grading/local-runner.ts';
import { createWarmGraders } from '../../grading/warm-graders.ts';
import type { HealthResponse, RunEvent } from '../../workbench/sandbox/server/protocol.ts';
import type { FileMap } from '../../workbench/types.ts';
import { BadJson, BodyTooLarge, readJsonBody, sendError, sendJson } from './http-io.ts';
import { Limiter } from './limiter.ts';
import { RateLimiter } from './rate-limit.ts';
import { runApp } from './run-app.ts';
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
  /** Grades running at once (default: one per core) and waiting (default 8 per slot, so a queued learner waits seconds, not minutes — the workbench gives up after the run limit). */
  maxGrades?: number;
  maxQueuedGrades?: number;
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

export interface ApiHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Stops every running app (e.g. on SIGTERM) so in-flight run streams end promptly, and ends spare graders. */
  stop(): void;
}

export function createApiHandler(options: ApiOptions): ApiHandler {
  const exercisesDir = options.exercisesDir ?? DEFAULT_EXERCISES_DIR;
  const maxGrades = options.maxGrades ?? availableParallelism();
  const grades = new Limiter(maxGrades, options.maxQueuedGrades ?? maxGrades * 8, 1000);
  const runs = new Limiter(options.maxRuns ?? 4, 0, 30_000);
  const perClient = new RateLimiter(options.ratePerMinute ?? 30, options.rateBurst ?? 10);
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const runLimitMs = options.runLimitMs ?? 30_000;
  const runOutputLimit = options.runOutputLimit ?? 256 * 1024;
  const liveRuns = new Set<AbortController>();
  const prefix = `${options.basePath}api/`;
  const isKnown = (id: string) => listExerciseIds(exercisesDir).includes(id);
  // Spare graders (warm-graders.ts) for the local runner: Run tests need not wait for Node to start.
  const warm = options.grade || options.disabledReason ? undefined : createWarmGraders({ launcher: options.launcher });
  const grade = options.grade ?? ((exerciseId: string, files: FileMap) =>
    gradeWorkingCopy({ exerciseId, files, exercisesDir, launcher: options.launcher, warm }));
  /** GET health?exercise=<id>, sent as a workbench opens: a grader for that exercise is made ready now. */
  const warmFor = (id: string | null) => {
    if (!warm || !id || !isKnown(id)) return;
    try {
      warm.refill(loadExercise(id, exercisesDir));
    } catch {
      // A broken exercise.json: health still answers (the workbench must find the server), the grade says what is wrong.
    }
  };

  async function readChecked(req: IncomingMessage, res: ServerResponse, allowEnv: boolean) {
    if (options.disabledReason) {
      sendError(res, 503, `grading on this server is off: ${options.disabledReason}`);
      return undefined;
    }
    const wait = perClient.take(req.socket.remoteAddress ?? 'unknown');
    if (wait > 0) {
      sendError(res, 429, `too many requests from you; try again in ${wait} s`, { 'Retry-After': String(wait) });
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
    return checked;
  }

  async function handleGrade(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const checked = await readChecked(req, res, false);
    if (!checked) return;
    const work = grades.tryRun(() => grade(checked.exerciseId, checked.files));
    if (!work) return busy(res, grades);
    sendJson(res, 200, await work);
  }

  async function handleRun(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const checked = await readChecked(req, res, true);
    if (!checked) return;
    const main = loadExercise(checked.exerciseId, exercisesDir).meta.main;
    const controller = new AbortController();
    const work = runs.tryRun(async () => {
      liveRuns.add(controller);
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
      res.flushHeaders();
      // The learner closed the tab or pressed Stop: the fetch is aborted and the connection closes.
      res.on('close', () => controller.abort());
      try {
        await runApp({
          files: checked.files, main, env: checked.env, limitMs: runLimitMs, outputLimit: runOutputLimit,
          signal: controller.signal, launcher: options.launcher,
          onEvent: (event: RunEvent) => {
            if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
          },
        });
      } finally {
        liveRuns.delete(controller);
        res.end();
      }
    });
    if (!work) return busy(res, runs);
    await work;
  }

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = url.pathname.slice(prefix.length);
    const routes: Record<string, { method: string; handle: () => Promise<void> | void }> = {
      health: {
        method: 'GET',
        handle: () => {
          if (options.disabledReason) return sendJson(res, 503, { ok: false, reason: options.disabledReason });
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
    stop: () => {
      for (const controller of liveRuns) controller.abort();
      warm?.close();
    },
  });
}

function busy(res: ServerResponse, limiter: Limiter): void {
  const seconds = limiter.retryAfterSeconds();
  sendError(res, 429, `the server is busy; try again in ${seconds} s`, { 'Retry-After': String(seconds) });
}
