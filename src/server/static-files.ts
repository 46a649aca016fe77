import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

/**
 * Serves the built site from `root` under the URL prefix `base`. Directories serve index.html;
 * a directory without a trailing slash redirects to it, as static hosts do.
 */
export function createStaticHandler(root: string, base = '/') {
  const rootDir = normalize(root) + sep;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return notFound(res, rootDir);
    }
    if (!pathname.startsWith(base)) return notFound(res, rootDir);
    const relative = pathname.slice(base.length);
    const file = normalize(join(rootDir, relative));
    if (!file.startsWith(rootDir) || relative.includes('\0')) return notFound(res, rootDir);

    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      return sendFile(req, res, join(file, 'index.html'), 200, rootDir);
    }
    if (info?.isFile()) return sendFile(req, res, file, 200, rootDir);
    return notFound(res, rootDir);
  };
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, status: number, rootDir: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return notFound(res, rootDir);
  const hashedAsset = file.includes(`${sep}_astro${sep}`);
  res.writeHead(status, {
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // Astro fingerprints everything under _astro/, so those can be cached forever; pages must revalidate.
    'Cache-Control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    createReadStream(file).on('error', () => res.destroy()).on('close', resolve).pipe(res);
  });
}

async function notFound(res: ServerResponse, rootDir: string): Promise<void> {
  const page = join(rootDir, '404.html');
  const info = await stat(page).catch(() => undefined);
  if (info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': info.size });
    createReadStream(page).pipe(res);
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
}
