import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A built-looking site in a temp dir, so server tests don't depend on a real Astro build. */
export function makeSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfl-site-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Home</title><h1>Home</h1>');
  writeFileSync(join(dir, '404.html'), '<!doctype html><title>Not found</title><h1>Not found</h1>');
  mkdirSync(join(dir, 'config'));
  writeFileSync(join(dir, 'config', 'index.html'), '<!doctype html><title>Config</title><h1>Config</h1>');
  mkdirSync(join(dir, '_astro'));
  writeFileSync(join(dir, '_astro', 'app.abc123.js'), 'console.log(1)');
  // Large enough that a paused reader keeps the response in flight across SIGTERM.
  writeFileSync(join(dir, 'big.bin'), Buffer.alloc(32 * 1024 * 1024, 7));
  return dir;
}

export interface RunningServer {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the real `npm start` entry point and resolves once it logs that it is listening. */
export function startServer(env: Record<string, string>): Promise<RunningServer> {
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
  });
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const match = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (match) resolve({ child, url: match[1]!.replace(/\/$/, ''), stdout: () => out, stderr: () => err, exited });
    });
    exited.then(({ code }) => reject(new Error(`server exited with ${code} before listening: ${err}`)));
  });
}

/** POST a JSON body (as the workbench sends it) to the server's API; extra headers e.g. X-Forwarded-For. */
export function postJson(server: RunningServer, route: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/api/${route}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
  });
}

/** The NDJSON events of a Run's answer. */
export async function runEvents(response: Response): Promise<Array<Record<string, unknown>>> {
  return (await response.text()).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}
