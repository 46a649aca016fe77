/**
 * What the hostile-*.test.ts files share: a real `npm start` server of their own, submissions built from a real
 * exercise's starter plus an attack payload (tests/fixtures/hostile/), and the checks every attack ends with —
 * the server still answers, nothing of the run is left running or on disk, an honest solution still passes.
 * The attacks go through the public doors only (POST /api/grade, POST /api/run, `npm run grade`), so they keep
 * testing the right thing however the sandbox is built inside.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PAYLOADS = path.join(REPO, 'tests/fixtures/hostile');

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

// --- submissions -------------------------------------------------------------------------------------------

export type Files = Record<string, string>;

/** Every file of exercises/<id>/<which>/ (dotfiles included), as the workbench would send them. */
export function exerciseFiles(id: string, which: 'starter' | 'solution'): Files {
  const root = path.join(REPO, 'exercises', id, which);
  const files: Files = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(root, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** The names of an exercise's hidden checks, in file order: hidden means not shown, not secret. */
export function declaredTests(id: string): string[] {
  const dir = path.join(REPO, 'exercises', id, 'tests');
  return readdirSync(dir).filter((name) => name.endsWith('.test.mjs')).sort().flatMap((name) =>
    [...readFileSync(path.join(dir, name), 'utf8').matchAll(/\bcheck\(\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!));
}

/** A GradeResult saying every declared test of the exercise passed: what a forger wants the server to believe. */
export function fakePass(id: string): string {
  const tests = declaredTests(id).map((name) => ({ name, status: 'pass' }));
  return JSON.stringify({ version: 1, exercise: id, status: 'pass', tests, durationMs: 420 });
}

/**
 * A learner's working copy of `exercise` (its starter, so it fixes nothing) whose main module first imports
 * the attack payload tests/fixtures/hostile/<payload>, with `params` beside it in hostile-params.json.
 */
export function withPayload(payload: string, params: Record<string, unknown> = {}, exercise = 'config', base: 'starter' | 'solution' = 'starter'): Files {
  const files = exerciseFiles(exercise, base);
  const main = JSON.parse(readFileSync(path.join(REPO, 'exercises', exercise, 'exercise.json'), 'utf8')).main as string;
  files['attack.mjs'] = readFileSync(path.join(PAYLOADS, payload), 'utf8');
  files['hostile-params.json'] = JSON.stringify(params);
  files[main] = `import './attack.mjs';\n${files[main]}`;
  return files;
}

/**
 * The config starter plus a file named like a Node option: a folder `--require=.` (or `--import=.`) holding a
 * file that does not parse, so a syntax check runs `node --check --require=./<file>` on it; the option then
 * loads the top-level file of that name (tests/fixtures/hostile/option-injection.cjs), which forges a pass.
 */
export function optionInjection(option: '--require' | '--import'): Files {
  const files = exerciseFiles('config', 'starter');
  const name = option === '--require' ? 'evil.cjs' : 'evil.mjs';
  const code = readFileSync(path.join(PAYLOADS, 'option-injection.cjs'), 'utf8');
  // As an ES module the same code needs its own require and __dirname.
  files[name] = option === '--require' ? code : `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst __dirname = import.meta.dirname;\n${code}`;
  files[`${option}=./${name}`] = 'this is not JavaScript {';
  files['hostile-params.json'] = JSON.stringify({ fake: fakePass('config') });
  return files;
}

/** A fresh text only this test knows: put into the argv of every process an attack starts, to find survivors. */
export function marker(what: string): string {
  return `hostile-${what}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
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
  const server: HostileServer = { url, root, home, child, stderr: () => err, exited, baseline: new Set() };
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

// --- what a run leaves behind ------------------------------------------------------------------------------

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isEmptyDir(full: string): boolean {
  try {
    return statSync(full).isDirectory() && readdirSync(full).length === 0;
  } catch {
    return false;
  }
}

/** Live host processes whose argv (/proc/<pid>/cmdline) contains `text`. */
export function processesNamed(text: string): number[] {
  return entries('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;
    }
  }).map(Number);
}

/** Folders one and two levels down in `root`, as relative paths. */
function foldersUnder(root: string): string[] {
  const found: string[] = [];
  for (const name of entries(root)) {
    if (!isDir(path.join(root, name))) continue;
    found.push(name);
    for (const inner of entries(path.join(root, name))) if (isDir(path.join(root, name, inner))) found.push(`${name}/${inner}`);
  }
  return found;
}

function isDir(full: string): boolean {
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where host processes work inside `root`: the working directory of each, relative to `root`, or "(removed)"
 * for one whose directory was removed under it.
 */
export function processesUnder(root: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const p of entries('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${p}/cwd`);
    } catch {
      continue; // gone, or a zombie
    }
    if (!cwd.startsWith(root + path.sep)) continue;
    found.set(Number(p), cwd.endsWith(' (deleted)') ? '(removed)' : cwd.slice(root.length + 1));
  }
  return found;
}

/** Live (not zombie) processes whose parent is `pid`, with their command lines. */
function childrenOf(pid: number): string[] {
  return entries('/proc').filter((p) => /^\d+$/.test(p)).flatMap((p) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[1]) !== pid || fields[0] === 'Z') return [];
      return [`${p} ${readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 80)}`];
    } catch {
      return [];
    }
  });
}

/**
 * What the server's runs left: more processes started by the server, or new non-empty folders in `root` (or
 * in a folder the server keeps for its life), than spare graders (one per exercise graded); host processes
 * still working in a removed temp dir; processes carrying any of the `markers` (which the attack payloads put
 * into every process they start, wherever it moved). Empty when clean. The layout inside `root` is the
 * server's business: "new" means not there when the server had graded once.
 */
export function leftovers(server: HostileServer, markers: string[] = [], spares = 1): string[] {
  const problems: string[] = [];
  const removed = [...processesUnder(server.root)].filter(([, where]) => where === '(removed)').map(([pid]) => pid);
  if (removed.length > 0) problems.push(`processes ${removed.join(', ')} still run in a removed temp dir`);
  const started = server.child.pid === undefined ? [] : childrenOf(server.child.pid);
  if (started.length > spares) problems.push(`the server still has ${started.length} processes running (${started.join('; ')}); at most ${spares} spare grader(s) expected`);
  const parentKept = (folder: string) => !folder.includes('/') || server.baseline.has(folder.split('/')[0]!);
  const fresh = foldersUnder(server.root)
    .filter((folder) => !server.baseline.has(folder) && parentKept(folder) && !isEmptyDir(path.join(server.root, folder)));
  if (fresh.length > spares) problems.push(`${fresh.length} new temp dirs (${fresh.join(', ')}); at most ${spares} spare grader(s) expected`);
  for (const text of markers) {
    const pids = processesNamed(text);
    if (pids.length > 0) problems.push(`processes ${pids.join(', ')} of the attack (${text}) still run`);
  }
  return problems;
}

/** What is in `root` after the server stopped: every folder and file but empty folders. */
export function leftAfterStop(server: HostileServer): string[] {
  return entries(server.root).filter((name) => !isEmptyDir(path.join(server.root, name)));
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

