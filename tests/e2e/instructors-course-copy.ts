/**
 * The instructors' acceptance copy of the course: one extra build with per-deploy settings, shared by the
 * BASE_PATH tests (served by `npm start`) and the GitHub Pages test (served with no headers at all).
 * playwright.config.ts starts it as a second web server; `scripts/start.ts` builds it into `dir` because the
 * folder does not exist yet. The folder is new for every run (a fresh build, and two runs in one checkout don't
 * share it): the first import, in Playwright's runner, names it and passes the name on to the workers through
 * the environment. instructors-teardown.ts removes it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStaticHandler } from '../../src/server/static-files.ts';

export const COURSE_COPY_PREFIX = 'tfl-course-copy-';
// Only named here; the build creates it, so a run that never gets that far leaves nothing behind.
const dir = (process.env.E2E_COURSE_COPY_DIR ??= path.join(tmpdir(), `${COURSE_COPY_PREFIX}${process.pid}-${Date.now()}`));

export const COURSE_COPY = {
  dir,
  port: Number(process.env.E2E_COURSE_PORT ?? 4392),
  env: { BASE_PATH: '/course/', COURSE_TITLE: 'Ops 101', COURSE_ID: 'ops-101', SOLUTIONS: 'never', SANDBOX: 'auto' },
} as const;

export const courseCopyOrigin = `http://127.0.0.1:${COURSE_COPY.port}`;

/**
 * A static server like GitHub Pages: serves the built files under BASE_PATH and sends no cross-origin
 * isolation headers (src/server/static-files.ts without the app server's header middleware).
 */
export async function startHeaderlessServer(root: string, base: string): Promise<{ origin: string; close(): Promise<void> }> {
  const serve = createStaticHandler(root, base);
  const server = createServer((req, res) => void serve(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}

/**
 * Lines that only reference solutions contain: in some exercises/<id>/solution/ but nowhere else the build
 * draws from (starters, hidden tests and metadata of every exercise, the lessons, the site's own source).
 * If one of them is in a build, the build leaks a solution.
 */
export function solutionOnlyLines(root = '.'): string[] {
  const exerciseFiles = filesUnder(path.join(root, 'exercises'));
  const isSolution = (file: string) => file.includes(`${path.sep}solution${path.sep}`);
  const known = [...filesUnder(path.join(root, 'content')), ...filesUnder(path.join(root, 'src')), ...exerciseFiles.filter((f) => !isSolution(f))]
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const lines = new Set<string>();
  for (const file of exerciseFiles.filter(isSolution)) {
    for (const raw of readFileSync(file, 'utf8').split('\n')) {
      const line = raw.trim();
      if (line.length >= 24 && !known.includes(line)) lines.add(line);
    }
  }
  return [...lines];
}

/** Which of `lines` appear in any file of `dir`, as written or JSON-escaped (the workbench data is JSON). */
export function linesFoundIn(dir: string, lines: string[]): string[] {
  const texts = filesUnder(dir)
    .filter((file) => /\.(html|js|mjs|json|css|txt|xml|map|conf)$|_headers$/.test(file))
    .map((file) => readFileSync(file, 'utf8'));
  return lines.filter((line) => {
    const escaped = JSON.stringify(line).slice(1, -1);
    return texts.some((text) => text.includes(line) || text.includes(escaped));
  });
}
