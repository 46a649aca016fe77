/**
 * Runs a learner's app once on the server for the terminal: files into a fresh temp dir, `node <main>` with a
 * minimal environment, output streamed as it comes, a hard time limit and an output cap, and the whole process
 * group killed at the end. The same Launcher seam as the grader, so the bubblewrap sandbox can wrap both.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { directLauncher, type Launcher } from '../../grading/grader-process.ts';
import type { RunEvent } from '../../workbench/sandbox/server/protocol.ts';
import type { FileMap } from '../../workbench/types.ts';
import { RESTARTING_RUN_MESSAGE, ServerRestarting } from './server-restarting.ts';

export interface RunAppOptions {
  files: FileMap;
  main: string;
  env: Record<string, string> | undefined;
  limitMs: number;
  outputLimit: number;
  onEvent: (event: RunEvent) => void;
  /** Aborting stops the app (client went away, server shutting down). */
  signal: AbortSignal;
  launcher?: Launcher;
  nodeBinary?: string;
}

const KILL_GRACE_MS = 1000;

/** Thrown when the server itself cannot run the app (temp dir, disk, sandbox): not the learner's doing. */
export class RunInfrastructureError extends Error {}

export async function runApp(options: RunAppOptions): Promise<void> {
  let work: string;
  try {
    // The server's own temp root: nothing in the request chooses or changes where the run's folder is.
    work = await mkdtemp(path.join(tmpdir(), 'run-'));
  } catch (error) {
    throw new RunInfrastructureError(`could not make the run's folder: ${(error as Error).message}`);
  }
  try {
    try {
      await placeFiles(work, options.files);
    } catch (error) {
      throw new RunInfrastructureError(`could not write the learner's files: ${(error as Error).message}`);
    }
    const port = options.env?.PORT ? Number(options.env.PORT) : await freePort();
    // The request's variables first: the server's own PATH, HOME and PORT always win (run-env.ts refuses those
    // names anyway; this keeps a gap in that list from choosing a folder or a binary).
    const env: Record<string, string> = { ...options.env, PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, PORT: String(port) };
    await supervise(work, env, options, () => options.onEvent({ type: 'start', port, limitMs: options.limitMs }));
  } finally {
    await removeRunFolder(work);
  }
}

async function placeFiles(work: string, files: FileMap): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    const target = path.resolve(work, rel);
    if (!target.startsWith(work + path.sep)) continue; // validated before; never write outside
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
}

/** Removes the run's folder off the event loop; a tree it cannot remove is logged, never thrown at the request. */
async function removeRunFolder(work: string): Promise<void> {
  try {
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
  } catch (error) {
    process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'could not remove a run folder', error: String(error) })}\n`);
  }
}

/** Launches the app and follows it to its end; `started` once the launch succeeded (Run's `start` event). */
function supervise(work: string, env: Record<string, string>, options: RunAppOptions, started: () => void): Promise<void> {
  const launch = options.launcher ?? directLauncher;
  let child: ReturnType<Launcher>;
  try {
    child = launch({ command: options.nodeBinary ?? process.execPath, args: [options.main], cwd: work, env });
  } catch (error) {
    // E.g. every sandbox uid in use, or the sandbox's own files could not be made.
    return Promise.reject(new RunInfrastructureError(`could not start the sandbox: ${(error as Error).message}`));
  }
  started();
  return new Promise((resolve) => {
    let printed = 0;
    let stopReason: { reason: 'stopped' | 'timeout' | 'failed'; message: string } | undefined;
    const stop = (reason: 'stopped' | 'timeout' | 'failed', message: string) => {
      stopReason ??= { reason, message };
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(() => stop('timeout', `Stopped after ${options.limitMs / 1000} s: runs on the course server are limited to ${options.limitMs / 1000} s.`), options.limitMs);
    const onAbort = () => {
      if (options.signal.reason instanceof ServerRestarting) stop('failed', RESTARTING_RUN_MESSAGE);
      else stop('stopped', 'The app was stopped.');
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (options.signal.aborted) onAbort();
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.setEncoding('utf8').on('data', (text: string) => {
        if (stopReason) return;
        printed += text.length;
        options.onEvent({ type: 'output', stream, text });
        if (printed > options.outputLimit) stop('stopped', `Stopped: the app printed more than ${Math.round(options.outputLimit / 1024)} KB.`);
      });
    }
    child.on('error', (error) => {
      // The sandbox's own programs failed to start: the server's trouble, logged in full, told without its paths.
      process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'could not start a Run', error: String(error) })}\n`);
      stopReason ??= { reason: 'failed', message: 'The course server could not start the app because of a problem on the server, not in your code. Try again in a moment.' };
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      killGroup(child.pid, 'SIGKILL'); // anything the app left behind in its group
      if (stopReason) {
        options.onEvent({ type: 'end', reason: stopReason.reason, code, signal, message: stopReason.message });
      } else {
        const how = signal ? `was ended by ${signal}` : `exited with code ${code}`;
        options.onEvent({ type: 'end', reason: 'exited', code, signal, message: `The app ${how}.` });
      }
      resolve();
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
