/**
 * What the hostile-*.test.ts files share: a real `npm start` server of their own, and the checks every attack
 * ends with — the server still answers, nothing of the run is left running or on disk (hostile-leftovers.ts),
 * an honest solution still passes. Submissions with attack payloads: hostile-submissions.ts.
 * The attacks go through the public doors only (POST /api/grade, POST /api/run, `npm run grade`), so they keep
 * testing the right thing however the sandbox is built inside.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { childrenOf, foldersUnder, leftovers } from './hostile-leftovers.ts';
import { exerciseFiles, REPO, type Files } from './hostile-submissions.ts';

export * from './hostile-leftovers.ts';
export * from './hostile-submissions.ts';

/**
 * Why the hostile suite cannot run here, or undefined. Only as root does each run get its own uid (and the
 * suite's "nothing of the run survives" checks mean something); CI runs as root with bubblewrap installed.
 */
export const skipReason: string | undefined = process.platform !== 'linux'
  ? 'the grading sandbox is Linux-only'
  : process.getuid?.() !== 0
    ? 'needs root: only as root does each sandboxed run get a uid of its own'
    : spawnSync('sh', ['-c', 'command -v bwrap']).status !== 0
      ? 'bubblewrap (bwrap) is not installed'
      : undefined;

/** A suite's title, saying why it was skipped when it was. */
export function titled(title: string): string {
  return skipReason === undefined ? title : `${title} (skipped: ${skipReason})`;
}

// --- a server of our own -----------------------------------------------------------------------------------

export interface HostileServer {
  url: string;
  /** The server's TMPDIR: every temp dir of its runs is made in here. */
  root: string;
  /** The server's working directory (a relative host path names something in here). */
  home: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Folders in `root` (two levels deep) once the server had graded once: what lives as long as it does. */
  baseline: Set<string>;
  /** How many processes the server had running then: its spare grader and whatever helpers it keeps. */
  baselineChildren: number;
}

/**
 * Starts `npm start`'s entry point with its own TMPDIR and working directory, waits until it listens, and
 * grades the honest solution once (which also readies what a server makes lazily, e.g. a spare grader).
 */
export async function startHostileServer(env: Record<string, string> = {}, wrap: string[] = []): Promise<HostileServer> {
  const root = mkdtempSync(path.join(tmpdir(), 'hostile-tmp-'));
  chmodSync(root, 0o711); // a sandboxed run's own uid must reach its dir inside
  const home = mkdtempSync(path.join(tmpdir(), 'hostile-home-'));
  chmodSync(home, 0o755); // like a checkout of the course: anyone may pass through it
  const site = path.join(home, 'site');
  mkdirSync(path.join(site, 'config'), { recursive: true });
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>Home</title>');
  writeFileSync(path.join(site, '404.html'), '<!doctype html><title>Not found</title>');
  writeFileSync(path.join(site, 'config', 'index.html'), '<!doctype html><title>Config</title>');
  const command = [...wrap, process.execPath, path.join(REPO, 'scripts/start.ts')];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin', PORT: '0', HOST: '127.0.0.1', SITE_DIR: site, TMPDIR: root,
      GRADE_RATE_PER_MINUTE: '100000', GRADE_RATE_BURST: '10000', RUN_TIMEOUT_MS: '8000', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const match = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (match) resolve(match[1]!.replace(/\/$/, ''));
    });
    exited.then(({ code }) => reject(new Error(`the server exited with ${code} before listening: ${err}`)));
  });
  const server: HostileServer = { url, root, home, child, stderr: () => err, exited, baseline: new Set(), baselineChildren: 0 };
  try {
    const honest = await grade(server, exerciseFiles('config', 'solution'));
    expect(honest.result?.status, `the honest solution passes before any attack (${honest.text.slice(0, 300)})`).toBe('pass');
  } catch (error) {
    child.kill('SIGKILL'); // nobody else will stop it
    await exited;
    removeServerDirs(server);
    throw error;
  }
  server.baseline = new Set(foldersUnder(root));
  server.baselineChildren = childrenOf(child.pid!).length;
  return server;
}

/** SIGTERM, as a platform stops it; SIGKILL if it has not exited in 15 s. */
export async function stopServer(server: HostileServer): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  const exit = await server.exited;
  clearTimeout(timer);
  return exit;
}

/**
 * Runs `attack` against a server of its own, for attacks that may kill or poison the server they hit (one
 * crash must not hide the next case), and stops and removes that server after.
 */
export async function withOwnServer(attack: (server: HostileServer) => Promise<void>, env: Record<string, string> = {}, wrap: string[] = []): Promise<void> {
  const server = await startHostileServer(env, wrap);
  try {
    await attack(server);
  } finally {
    await stopServer(server);
    removeServerDirs(server);
  }
}

/** Removes what the test itself made (after stopServer), unmounting whatever a server left mounted in it. */
export function removeServerDirs(server: HostileServer): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point.startsWith(server.root + path.sep)).sort((a, b) => b.length - a.length);
  for (const point of mounts) spawnSync('umount', ['--lazy', point]);
  rmSync(server.root, { recursive: true, force: true });
  rmSync(server.home, { recursive: true, force: true });
}

// --- talking to it -----------------------------------------------------------------------------------------

export interface Reply { status: number; text: string; ms: number }

/**
 * One HTTP request. `from` picks the loopback source address, so requests can come from different clients
 * (127.0.0.2, 127.0.0.3, …) as far as the server's per-client rules are concerned. Status 0: no answer.
 */
export function call(url: string, options: { method?: string; body?: string; headers?: Record<string, string>; from?: string; timeoutMs?: number } = {}): Promise<Reply> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = request(url, {
      method: options.method ?? 'GET',
      // A Content-Length, as browsers send: never a chunked body.
      headers: { ...options.headers, ...(options.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(options.body)) }) },
      localAddress: options.from,
      timeout: options.timeoutMs ?? 60_000,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, ms: Date.now() - started }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, text, ms: Date.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, text: '', ms: Date.now() - started }));
    req.end(options.body);
  });
}

export interface GradeReply extends Reply {
  result?: { status: string; message?: string; tests: { name: string; status: string; message?: string; output?: string }[] };
}

/** POST /api/grade for `config`, the exercise most attacks use. */
export function grade(server: HostileServer, files: Files, from?: string): Promise<GradeReply> {
  return gradeAs(server, 'config', files, from);
}

export async function gradeAs(server: HostileServer, exercise: string, files: Files, from?: string): Promise<GradeReply> {
  const reply = await call(`${server.url}/api/grade`, {
    method: 'POST', from, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ exercise, files }),
  });
  let result;
  try {
    result = reply.status === 200 ? JSON.parse(reply.text) : undefined;
  } catch {
    result = undefined; // expectNotPassed shows the text
  }
  return { ...reply, result };
}

export interface RunReply extends Reply {
  events: { type: string; stream?: string; text?: string; reason?: string; message?: string }[];
  /** Everything the app printed. */
  output: string;
}

export async function run(server: HostileServer, files: Files, env?: Record<string, string>, from?: string): Promise<RunReply> {
  const reply = await call(`${server.url}/api/run`, {
    method: 'POST', from, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ exercise: 'config', files, env }),
  });
  const events = reply.status === 200
    ? reply.text.split('\n').filter(Boolean).flatMap((line) => { try { return [JSON.parse(line)]; } catch { return []; } })
    : [];
  return { ...reply, events, output: events.filter((e) => e.type === 'output').map((e) => e.text).join('') };
}

/** GET /api/health's status (0 when the server did not answer within 5 s). */
export async function health(server: HostileServer): Promise<number> {
  return (await call(`${server.url}/api/health`, { timeoutMs: 5000 })).status;
}

/** Waits (up to `ms`) until leftovers() is empty; returns what is still left then. */
export async function settle(server: HostileServer, markers: string[] = [], spares = 1, ms = 6000): Promise<string[]> {
  const until = Date.now() + ms;
  for (;;) {
    const left = leftovers(server, markers, spares);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * What every attack ends with: the server answers, nothing of the attack is left, and an honest solution
 * (graded now, from another client) still passes.
 */
export async function expectServerUnharmed(server: HostileServer, markers: string[] = [], spares = 1): Promise<void> {
  expect(await health(server), 'GET /api/health still answers 200').toBe(200);
  expect((await settle(server, markers, spares)).join('; '), 'nothing of the attack is left running or on disk').toBe('');
  const honest = await grade(server, exerciseFiles('config', 'solution'), '127.0.0.9');
  expect(honest.result?.status, `the honest solution still passes (${honest.status} ${honest.text.slice(0, 300)})`).toBe('pass');
}

/** The verdict on an attack: answered 200 with a GradeResult that is not a pass, and no BREACH in it. */
export function expectNotPassed(reply: GradeReply): void {
  expect(reply.status, `the grade was answered (${reply.text.slice(0, 200)})`).toBe(200);
  expect(reply.result?.status, `the verdict of a submission that does not fix the exercise (${reply.text.slice(0, 400)})`).not.toBe('pass');
  expect(reply.text, 'no attack reported success').not.toContain('BREACH');
}

