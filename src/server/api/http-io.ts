import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request body was larger than allowed (answered 413). */
export class BodyTooLarge extends Error {}
/** The request body was not JSON (answered 400). */
export class BadJson extends Error {}

/**
 * Why a POST body's declared type is not JSON, or undefined. Only application/json is read: a cross-site
 * page can send text/plain (or a form) without asking, but application/json needs a CORS preflight, which this
 * server never grants, so another site cannot make a visitor's browser start grades or runs here.
 */
export function jsonContentTypeProblem(req: IncomingMessage): string | undefined {
  const declared = req.headers['content-type'] ?? '';
  const mediaType = declared.split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json') return undefined;
  return `the body must be sent as JSON with the header "Content-Type: application/json" (got ${declared ? `"${declared.slice(0, 60)}"` : 'none'})`;
}

/**
 * Reads a JSON body of at most `limit` bytes. Refuses early on Content-Length, and stops reading as soon as
 * the limit is passed, so a huge upload costs us `limit` bytes, not its size.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  try {
    // fatal: bytes that are not UTF-8 (a binary upload) are refused, not silently turned into U+FFFD.
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
  } catch {
    throw new BadJson();
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}): void {
  // After an oversized or unread body the connection cannot be reused safely.
  sendJson(res, status, { error }, status === 413 || status === 415 ? { Connection: 'close', ...headers } : headers);
}
