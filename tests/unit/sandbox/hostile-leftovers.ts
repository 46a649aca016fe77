/**
 * What a hostile run may have left on the host, seen from outside: processes (by where they work, by their
 * parent, by the marker a payload puts into their arguments) and folders in the server's TMPDIR.
 */
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { APP_DIR } from '../../../src/sandbox/bubblewrap.ts';
import type { HostileServer } from './hostile-support.ts';

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
export function foldersUnder(root: string): string[] {
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
  let known: Map<string, string> | undefined;
  for (const p of entries('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${p}/cwd`);
    } catch {
      continue; // gone, or a zombie
    }
    if (cwd === APP_DIR || cwd.startsWith(`${APP_DIR}/`) || cwd.startsWith(`${APP_DIR} `)) {
      // A learner process sees its folder at /app, and so does /proc from here: find the folder by identity.
      known ??= foldersById(root);
      const where = sandboxedCwd(p, known);
      if (where !== undefined) found.set(Number(p), where);
      continue;
    }
    if (!cwd.startsWith(root + path.sep)) continue;
    found.set(Number(p), cwd.endsWith(' (deleted)') ? '(removed)' : cwd.slice(root.length + 1));
  }
  return found;
}

/** Where in `root` (or "(removed)") the process works, by the device and inode of its working directory. */
function sandboxedCwd(pid: string, known: Map<string, string>): string | undefined {
  try {
    const info = statSync(`/proc/${pid}/cwd`);
    return known.get(`${info.dev}:${info.ino}`) ?? (info.nlink === 0 ? '(removed)' : undefined);
  } catch {
    return undefined;
  }
}

/** Every folder in `root` (four levels down), keyed by device and inode. */
function foldersById(root: string, depth = 4, prefix = '', into = new Map<string, string>()): Map<string, string> {
  if (depth === 0) return into;
  for (const name of entries(path.join(root, prefix))) {
    const relative = prefix ? `${prefix}/${name}` : name;
    try {
      const info = statSync(path.join(root, relative));
      if (!info.isDirectory()) continue;
      into.set(`${info.dev}:${info.ino}`, relative);
    } catch {
      continue;
    }
    foldersById(root, depth - 1, relative, into);
  }
  return into;
}

/** Live (not zombie) processes whose parent is `pid`, with their command lines. */
export function childrenOf(pid: number): string[] {
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
 * What the server's runs left: more processes started by the server than it had once it had graded once (one
 * spare grader, its helpers) plus one per further exercise graded; more new non-empty folders in `root` (or in
 * a folder the server keeps for its life) than spare graders (one per exercise graded); host processes
 * still working in a removed temp dir; processes carrying any of the `markers` (which the attack payloads put
 * into every process they start, wherever it moved). Empty when clean. The layout inside `root` is the
 * server's business: "new" means not there when the server had graded once.
 */
export function leftovers(server: HostileServer, markers: string[] = [], spares = 1): string[] {
  const problems: string[] = [];
  const removed = [...processesUnder(server.root)].filter(([, where]) => where === '(removed)').map(([pid]) => pid);
  if (removed.length > 0) problems.push(`processes ${removed.join(', ')} still run in a removed temp dir`);
  const started = server.child.pid === undefined ? [] : childrenOf(server.child.pid);
  const allowed = server.baselineChildren + spares - 1;
  if (started.length > allowed) problems.push(`the server still has ${started.length} processes running (${started.join('; ')}); ${allowed} expected (spare graders and helpers)`);
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

