/**
 * POST <base>api/run once the body is checked: an NDJSON stream of RunEvents that always ends with one `end`
 * event. Once the 200 and its headers are out, nothing can be said with a status code any more, so every later
 * failure (the server's temp dir, the sandbox, a shutdown) becomes a final `failed` event.
 */
import type { ServerResponse } from 'node:http';
import type { Launcher } from '../../grading/grader-process.ts';
import type { RunEvent } from '../../workbench/sandbox/server/protocol.ts';
import type { FileMap } from '../../workbench/types.ts';
import { logEvent } from '../request-log.ts';
import { sendError } from './http-io.ts';
import type { Limiter } from './limiter.ts';
import { runApp } from './run-app.ts';
import { RESTARTING_RUN_MESSAGE, ServerRestarting } from './server-restarting.ts';

export const SERVER_FAULT_RUN_MESSAGE =
  'The course server could not run the app because of a problem on the server, not in your code. Try again in a moment.';

/** How long a stopped app gets to end (run-app.ts kills it after 1 s) before its stream is ended for it. */
const END_GRACE_MS = 2000;

/**
 * Apps one client may run at once: the workbench runs one, and Stop then Run overlaps the old app's last second;
 * more would let one client hold every Run slot (each for up to the Run time limit).
 */
export const RUNS_PER_CLIENT = 2;

export interface RunSettings {
  limitMs: number;
  outputLimit: number;
  launcher?: Launcher;
}

export interface RunRequestChecked {
  files: FileMap;
  env: Record<string, string> | undefined;
  main: string;
}

export interface RunRoute {
  handle(res: ServerResponse, client: string, request: RunRequestChecked): Promise<void>;
  /** Stops every app with a `failed` "restarting" end event; resolves once every stream has ended. */
  shutdown(): Promise<void>;
}

export function createRunRoute(runs: Limiter, settings: RunSettings): RunRoute {
  const live = new Map<AbortController, (message: string) => void>();
  const perClient = new Map<string, number>();
  let emptied: (() => void) | undefined;

  async function handle(res: ServerResponse, client: string, request: RunRequestChecked): Promise<void> {
    if ((perClient.get(client) ?? 0) >= RUNS_PER_CLIENT) {
      sendError(res, 429, `apps from your network address are already running on this server (at most ${RUNS_PER_CLIENT} at once); stop one first`, { 'Retry-After': '5' });
      return;
    }
    const controller = new AbortController();
    const release = () => {
      const left = (perClient.get(client) ?? 1) - 1;
      if (left > 0) perClient.set(client, left);
      else perClient.delete(client);
    };
    perClient.set(client, (perClient.get(client) ?? 0) + 1); // counted at once: the check above sees it
    const work = runs.tryRun(async () => {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
      res.flushHeaders();
      let ended = false;
      const send = (event: RunEvent) => {
        if (ended || res.writableEnded || res.destroyed) return;
        if (event.type === 'end') ended = true;
        res.write(`${JSON.stringify(event)}\n`);
      };
      const fail = (message: string) => send({ type: 'end', reason: 'failed', code: null, signal: null, message });
      live.set(controller, (message) => {
        fail(message);
        res.end();
      });
      // The learner closed the tab or pressed Stop: the fetch is aborted and the connection closes.
      res.on('close', () => controller.abort());
      try {
        await runApp({
          files: request.files, main: request.main, env: request.env, limitMs: settings.limitMs, outputLimit: settings.outputLimit,
          signal: controller.signal, launcher: settings.launcher, onEvent: send,
        });
      } catch (error) {
        logEvent({ level: 'error', msg: 'run failed on the server', error: String(error) });
        fail(SERVER_FAULT_RUN_MESSAGE);
      } finally {
        fail(SERVER_FAULT_RUN_MESSAGE); // only if no end event was sent: a stream always ends with one
        release();
        live.delete(controller);
        if (!res.writableEnded) res.end();
        if (live.size === 0) emptied?.();
      }
    });
    if (!work) {
      release();
      const seconds = runs.retryAfterSeconds();
      sendError(res, 429, `the server is running as many apps as it can; try again in ${seconds} s`, { 'Retry-After': String(seconds) });
      return;
    }
    await work;
  }

  function shutdown(): Promise<void> {
    if (live.size === 0) return Promise.resolve();
    for (const controller of live.keys()) controller.abort(new ServerRestarting());
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        for (const end of live.values()) end(RESTARTING_RUN_MESSAGE);
        resolve();
      }, END_GRACE_MS);
      emptied = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  return { handle, shutdown };
}
