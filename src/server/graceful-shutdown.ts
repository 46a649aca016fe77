import type { Server } from 'node:http';
import { logEvent } from './request-log.ts';

/**
 * Factor 9: on SIGTERM/SIGINT stop accepting, let in-flight requests finish, close idle keep-alive connections,
 * exit 0 within the 10 s a platform usually waits before SIGKILL (DESIGN.md "Server").
 *
 * The budget, from the signal: `drain` (the API) answers every grade that is waiting at once and every running
 * one by `gradeGraceMs` (its own verdict if it is ready by then — a typical grade takes about a second —
 * otherwise an `error` saying the server is restarting), and ends every Run with a `failed` event. Static downloads may go on until `deadlineMs`, when the
 * connections still open are closed and the process exits — still 0: nothing was lost that a retry can't redo.
 */
export interface ShutdownOptions {
  /** Answers the API's in-flight requests; resolves once each has its answer. */
  drain?: (gradeGraceMs: number) => Promise<void>;
  gradeGraceMs?: number;
  deadlineMs?: number;
}

export function shutDownGracefully(server: Server, options: ShutdownOptions = {}): void {
  const gradeGraceMs = options.gradeGraceMs ?? 3000;
  const deadlineMs = options.deadlineMs ?? 9000;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logEvent({ msg: 'shutting down', signal });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Keep-alive connections that finish a response afterwards are closed as they go idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    const drained = (options.drain?.(gradeGraceMs) ?? Promise.resolve()).catch((error: unknown) => {
      logEvent({ level: 'error', msg: 'could not answer every request before stopping', error: String(error) });
    });
    void Promise.all([closed, drained]).then(() => {
      logEvent({ msg: 'stopped' });
      process.exit(0);
    });
    setTimeout(() => {
      logEvent({ level: 'warn', msg: 'in-flight requests did not finish in time; closing them' });
      server.closeAllConnections();
      process.exit(0);
    }, deadlineMs).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
