/**
 * POST <base>api/grade once the body is checked: a fair-share grading slot (fair-queue.ts), the grade, and exactly
 * one answer per request, whatever happens — a GradeResult, a 429 when there is no room, or an `error` result
 * that says the server (not the learner's code) failed or is restarting.
 */
import type { ServerResponse } from 'node:http';
import { errorResult, type GradeResult } from '../../grading/grade-result.ts';
import type { FileMap } from '../../workbench/types.ts';
import { logEvent } from '../request-log.ts';
import { FairQueue, Withdrawn } from './fair-queue.ts';
import { sendError, sendJson } from './http-io.ts';
import type { RateLimiter } from './rate-limit.ts';
import { RESTARTING_GRADE_MESSAGE } from './server-restarting.ts';

/**
 * A grade costs its client one request of the rate limit, plus one for every further SLOT_MS_PER_TOKEN it holds
 * its slot: with the default 30 a minute, one client can use at most 30 × 2 s = 60 s of slot time a minute,
 * one slot's worth, whether it sends quick grades or slow ones (docs/instructors.md, "Grading limits").
 */
export const SLOT_MS_PER_TOKEN = 2000;

export const SERVER_FAULT_GRADE_MESSAGE =
  'The course server could not grade your code because of a problem on the server, not in your code. Try again in a moment; if it keeps happening, tell your instructor.';

type Grade = (exerciseId: string, files: FileMap) => Promise<GradeResult>;

interface InFlight {
  /** Answers the request unless it has been answered; removes it from the in-flight set. */
  answer: (result: GradeResult) => void;
  /** Takes it out of the queue if it has not started (false once it runs). */
  withdraw: () => boolean;
  exerciseId: string;
}

export interface GradeRoute {
  handle(res: ServerResponse, client: string, exerciseId: string, files: FileMap): Promise<void>;
  /** Answers every waiting grade at once and every running one after graceMs (if it has not finished by then). */
  shutdown(graceMs: number): Promise<void>;
}

export function createGradeRoute(queue: FairQueue, perClient: RateLimiter, grade: Grade): GradeRoute {
  const inFlight = new Set<InFlight>();
  let emptied: (() => void) | undefined;

  async function handle(res: ServerResponse, client: string, exerciseId: string, files: FileMap): Promise<void> {
    const admission = queue.tryRun(client, async () => {
      const started = Date.now();
      try {
        return await grade(exerciseId, files);
      } finally {
        perClient.charge(client, Math.ceil((Date.now() - started) / SLOT_MS_PER_TOKEN) - 1);
      }
    });
    if (!admission.ok) {
      const seconds = admission.retryAfterSeconds;
      // Only the 'client' case is this client's doing; a full queue is everyone's load, not theirs.
      const error = admission.reason === 'client'
        ? `grades from your network address are already running and waiting on this server; wait for their results (try again in ${seconds} s)`
        : `the server is busy with other learners' grades; try again in ${seconds} s`;
      sendError(res, 429, error, { 'Retry-After': String(seconds) });
      return;
    }
    const request: InFlight = {
      exerciseId,
      withdraw: admission.withdraw,
      answer: (result) => {
        if (!inFlight.delete(request)) return;
        if (!res.headersSent && !res.destroyed) sendJson(res, 200, result);
        if (inFlight.size === 0) emptied?.();
      },
    };
    inFlight.add(request);
    // A learner who leaves (closed tab, the workbench's own time limit) is not graded for nobody.
    res.on('close', () => {
      if (inFlight.has(request) && request.withdraw()) inFlight.delete(request);
      if (inFlight.size === 0) emptied?.();
    });
    try {
      request.answer(await admission.result);
    } catch (error) {
      if (error instanceof Withdrawn) return; // answered by whoever withdrew it, or nobody is listening
      logEvent({ level: 'error', msg: 'grading failed on the server', exercise: exerciseId, error: String(error) });
      request.answer(errorResult(exerciseId, SERVER_FAULT_GRADE_MESSAGE));
    }
  }

  function shutdown(graceMs: number): Promise<void> {
    const restarting = (request: InFlight) => request.answer(errorResult(request.exerciseId, RESTARTING_GRADE_MESSAGE));
    for (const request of inFlight) {
      if (request.withdraw()) restarting(request); // waiting: it will not start now
    }
    if (inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        for (const request of inFlight) restarting(request);
      }, graceMs);
      emptied = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  return { handle, shutdown };
}
