import type { Server } from 'node:http';
import { logEvent } from './request-log.ts';

/**
 * Factor 9: on SIGTERM/SIGINT stop accepting, let in-flight requests finish, close idle keep-alive
 * connections, exit 0. A hard deadline keeps a stuck request from holding the shutdown hostage.
 */
export function shutDownGracefully(server: Server, deadlineMs = 8000): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logEvent({ msg: 'shutting down', signal });
    server.close(() => {
      logEvent({ msg: 'stopped' });
      process.exit(0);
    });
    server.closeIdleConnections();
    // Keep-alive connections that finish a response afterwards are closed as they go idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    setTimeout(() => {
      logEvent({ level: 'warn', msg: 'in-flight requests did not finish in time; closing them' });
      server.closeAllConnections();
      process.exit(0);
    }, deadlineMs).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
