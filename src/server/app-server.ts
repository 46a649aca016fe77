import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ClientAddress } from './client-address.ts';
import { isolationHeaders } from './isolation-headers.ts';
import { logRequest } from './request-log.ts';
import { createStaticHandler } from './static-files.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface AppServerOptions {
  siteDir: string;
  basePath: string;
  /** Routes under <base>api/; absent until server grading is enabled. */
  api?: Handler;
  /** Who sent a request, for the log line (TRUST_PROXY decides; default: the connection's address). */
  clientAddress?: ClientAddress;
}

/** The one HTTP server: isolation headers and a log line on every response, the API, then the static site. */
export function createAppServer(options: AppServerOptions): Server {
  const serveStatic = createStaticHandler(options.siteDir, options.basePath);
  const apiPrefix = `${options.basePath}api/`;
  const clientOf = options.clientAddress ?? ((req) => req.socket.remoteAddress ?? 'unknown');
  const server = createServer(async (req, res) => {
    logRequest(req, res, process.hrtime.bigint(), clientOf(req));
    for (const [name, value] of Object.entries(isolationHeaders)) res.setHeader(name, value);
    try {
      if (options.api && (req.url ?? '').startsWith(apiPrefix)) await options.api(req, res);
      else await serveStatic(req, res);
    } catch (error) {
      process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'request failed', error: String(error) })}\n`);
      answerFailure(res);
    }
  });
  // A client that trickles its headers or body must not hold a connection (and a slot) for minutes.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}

/**
 * The last word on a request whose handler threw. Before the headers: a plain 500. After them the status is
 * out and the body may be half sent, so the response is ended as it is (a handler that streams ends its own
 * stream with an error event first); an ended response is never written to, which would throw.
 */
function answerFailure(res: ServerResponse): void {
  if (res.writableEnded || res.destroyed) return;
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal error\n');
}
