import type { IncomingMessage, ServerResponse } from 'node:http';

/** One JSON event per line on stdout (factor 11): the platform routes and stores the stream, not us. */
export function logEvent(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', ...event })}\n`);
}

/** `client` is the sender's address (behind trusted proxies, the one X-Forwarded-For names: client-address.ts). */
export function logRequest(req: IncomingMessage, res: ServerResponse, startedAt: bigint, client: string): void {
  res.on('close', () => {
    logEvent({
      msg: 'request',
      client,
      method: req.method,
      path: (req.url ?? '/').split('?')[0],
      status: res.statusCode,
      durationMs: Number((process.hrtime.bigint() - startedAt) / 1000n) / 1000,
      aborted: !res.writableFinished || undefined,
    });
  });
}
