/**
 * The Server sandbox: the learner's code runs on the `npm start` server (src/server/api). Files live here in
 * the page and travel whole with every request, so the server keeps no per-learner state. The terminal shows
 * the output of Run; there is no interactive shell and no preview on the server (docs/workbench.md says why).
 */
import type { ExerciseData, FileMap, GradeResult } from '../../types.ts';
import { errorResult, isGradeResult } from '../grade-output.ts';
import {
  SandboxEvents, SandboxUnavailableError,
  type RunEnd, type RunOptions, type Sandbox, type SandboxListener,
} from '../sandbox.ts';
import { formatSeconds } from '../watchdog.ts';
import { readNdjson } from './ndjson.ts';
import type { ErrorBody, GradeRequest, HealthResponse, RunEvent, RunRequest } from './protocol.ts';

export interface ServerSandboxOptions {
  /** URL of the API folder, ending in "/": `${import.meta.env.BASE_URL}api/` in the page. */
  apiBase: string;
  exercise: Pick<ExerciseData, 'id' | 'timeouts'>;
  fetch?: typeof fetch;
  /** Answers later than runMs + this count as lost (the server enforces runMs itself). */
  gradeSlackMs?: number;
  /** How many times a 429 is retried, waiting Retry-After each time. */
  busyRetries?: number;
}

export class ServerSandbox implements Sandbox {
  readonly kind = 'server' as const;
  readonly capabilities = { shell: false, preview: false };
  readonly #options: Required<ServerSandboxOptions>;
  readonly #events = new SandboxEvents();
  #files: FileMap = {};

  constructor(options: ServerSandboxOptions) {
    this.#options = { fetch: globalThis.fetch.bind(globalThis), gradeSlackMs: 15_000, busyRetries: 3, ...options };
  }

  #url(path: string): string {
    return new URL(path, new URL(this.#options.apiBase, globalThis.location?.href ?? 'http://localhost/')).href;
  }

  on(listener: SandboxListener): () => void {
    return this.#events.on(listener);
  }

  async boot(): Promise<void> {
    // Twice: a busy server (grading for a whole class) may miss one probe; one miss is no reason to give up.
    // Naming the exercise lets the server start a grader for it now, ahead of the first Run tests.
    const probe = () => probeServer(this.#options.apiBase, this.#options.fetch, undefined, this.#options.exercise.id);
    const health = (await probe()) ?? (await probe());
    if (!health) throw new SandboxUnavailableError('unreachable', 'The course server does not answer, so your code cannot run on it. Is `npm start` still running?');
  }

  async sync(files: FileMap): Promise<void> {
    this.#files = { ...files };
  }

  async grade(options: { signal?: AbortSignal } = {}): Promise<GradeResult> {
    const { id, timeouts } = this.#options.exercise;
    const body: GradeRequest = { exercise: id, files: this.#files };
    const limitMs = timeouts.runMs + this.#options.gradeSlackMs;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#post('grade', body, withTimeout(options.signal, limitMs));
      } catch (error) {
        if (options.signal?.aborted) return errorResult(id, 'Grading was cancelled.');
        if (error instanceof DOMException && error.name === 'TimeoutError') {
          return errorResult(id, `The grading server did not answer within ${formatSeconds(limitMs)}. Try again in a moment.`);
        }
        return errorResult(id, 'Could not reach the grading server. Check your connection and that `npm start` is still running.');
      }
      if (response.status === 429 && attempt < this.#options.busyRetries) {
        await sleep(retryAfterMs(response), options.signal);
        continue;
      }
      return this.#toResult(response);
    }
  }

  async #toResult(response: Response): Promise<GradeResult> {
    const id = this.#options.exercise.id;
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok && isGradeResult(payload)) return payload;
    const reason = (payload as ErrorBody | undefined)?.error;
    if (response.status === 429) return errorResult(id, `The grading server is busy. Try again in ${Math.ceil(retryAfterMs(response) / 1000)} s.`);
    if (response.status === 413) return errorResult(id, `Your files are too large to grade${reason ? `: ${reason}` : '.'}`);
    if (response.status === 404) return errorResult(id, `The server does not know this exercise${reason ? `: ${reason}` : '.'}`);
    return errorResult(id, `The grading server refused the request (${response.status})${reason ? `: ${reason}` : '.'}`);
  }

  #post(route: string, body: unknown, signal: AbortSignal | undefined): Promise<Response> {
    return this.#options.fetch(this.#url(route), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  }

  async run(options: RunOptions): Promise<RunEnd> {
    const body: RunRequest = { exercise: this.#options.exercise.id, files: this.#files, env: options.env };
    let response: Response;
    try {
      response = await this.#post('run', body, options.signal);
    } catch {
      if (options.signal?.aborted) return { reason: 'stopped', message: 'The app was stopped.' };
      return { reason: 'failed', message: 'Could not reach the course server to run the app.' };
    }
    if (!response.ok || !response.body) {
      const reason = ((await response.json().catch(() => undefined)) as ErrorBody | undefined)?.error;
      const busy = response.status === 429 ? ` The server is busy: try again in ${Math.ceil(retryAfterMs(response) / 1000)} s.` : '';
      return { reason: 'failed', message: `The server refused to run the app (${response.status})${reason ? `: ${reason}` : '.'}${busy}` };
    }
    try {
      for await (const value of readNdjson(response.body)) {
        const event = value as RunEvent;
        if (event.type === 'output') options.onOutput(event.text);
        else if (event.type === 'end') return { reason: event.reason, code: event.code, message: event.message };
      }
    } catch {
      if (options.signal?.aborted) return { reason: 'stopped', message: 'The app was stopped.' };
    }
    return { reason: 'failed', message: 'The connection to the server ended before the app did.' };
  }

  async dispose(): Promise<void> {
    this.#files = {};
  }
}

/**
 * GET <apiBase>health; the parsed answer when it is this project's server, otherwise undefined. Static hosts
 * answer 404 at once, so the generous timeout only matters for a server that is there but slow.
 */
export async function probeServer(
  apiBase: string, fetchImpl: typeof fetch = fetch, timeoutMs = 10_000, exercise?: string,
): Promise<HealthResponse | undefined> {
  try {
    const url = new URL('health', new URL(apiBase, globalThis.location?.href ?? 'http://localhost/'));
    if (exercise) url.searchParams.set('exercise', exercise);
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    if (!response.ok) return undefined;
    const body = (await response.json()) as Partial<HealthResponse>;
    return body.ok === true && body.sandbox === 'server' ? (body as HealthResponse) : undefined;
  } catch {
    return undefined;
  }
}

function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function retryAfterMs(response: Response): number {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 30) * 1000 : 2000;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
