import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statfsSync, writeFileSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import path from 'node:path';
import { instanceAlive } from './run-root.ts';

/**
 * Whole-run limits: every learner process of a run (all its apps, runNode, the syntax check, a Run) joins one
 * cgroup, whose memory and task count are capped together — per-process rlimits alone let three children take
 * three times the memory. Works with cgroup v1 (separate memory and pids hierarchies, as on these machines) and
 * v2 (one unified tree with the memory and pids controllers). Where neither can be written (not root, a
 * read-only /sys/fs/cgroup in a container) runs keep their per-process rlimits and the server says so at start.
 */
export interface RunLimits {
  /** Memory of all of a run's learner processes together (and the tmpfs pages they write), in bytes. */
  memoryBytes: number;
  /** Processes and threads of a run's learner processes together. */
  tasks: number;
}

export interface RunCgroup {
  /** Makes the group again if it is gone (a sweep by a process of an older version): call before a process joins. */
  ensure(): void;
  /** The cgroup.procs files a process writes its pid to, to join (one per v1 hierarchy, one for v2). */
  procsFiles: string[];
  /** Every pid in the group now (for a kill at the end). */
  pids(): number[];
  /** Removes the group once empty (retries briefly while its last processes exit). */
  remove(): Promise<void>;
}

export type CgroupSupport =
  | { kind: 'v1'; memory: string; pids: string }
  | { kind: 'v2'; parent: string }
  | { kind: 'none'; reason: string };

const BASE = '/sys/fs/cgroup';
const GROUP = 'twelve-factor-lab';
const CGROUP2_MAGIC = 0x63677270;

let detected: CgroupSupport | undefined;

export function cgroupSupport(): CgroupSupport {
  detected ??= detect();
  return detected;
}

function writable(dir: string): boolean {
  try {
    mkdirSync(path.join(dir, GROUP), { recursive: true });
    return true;
  } catch {
    return false;
  }
}

function detect(): CgroupSupport {
  if (process.platform !== 'linux') return { kind: 'none', reason: 'cgroups are Linux-only' };
  if (process.getuid?.() !== 0) return { kind: 'none', reason: 'only root can make a cgroup per run' };
  try {
    if (statfsSync(BASE).type === CGROUP2_MAGIC) {
      const controllers = readFileSync(path.join(BASE, 'cgroup.controllers'), 'utf8').split(/\s+/);
      if (!controllers.includes('memory') || !controllers.includes('pids')) {
        return { kind: 'none', reason: 'cgroup v2 without the memory and pids controllers' };
      }
      if (!writable(BASE)) return { kind: 'none', reason: `${BASE} is read-only` };
      const parent = path.join(BASE, GROUP);
      // Limits apply to children of our group: they need the controllers handed down to them.
      writeFileSync(path.join(BASE, 'cgroup.subtree_control'), '+memory +pids');
      writeFileSync(path.join(parent, 'cgroup.subtree_control'), '+memory +pids');
      return { kind: 'v2', parent };
    }
  } catch (error) {
    return { kind: 'none', reason: `cgroup v2 is not usable (${(error as Error).message})` };
  }
  const memory = path.join(BASE, 'memory');
  const pids = path.join(BASE, 'pids');
  if (!existsSync(path.join(memory, 'memory.limit_in_bytes')) || !existsSync(path.join(pids, 'cgroup.procs'))) {
    return { kind: 'none', reason: 'neither cgroup v2 nor the v1 memory and pids hierarchies are mounted' };
  }
  if (!writable(memory) || !writable(pids)) return { kind: 'none', reason: 'the cgroup hierarchies are read-only' };
  return { kind: 'v1', memory: path.join(memory, GROUP), pids: path.join(pids, GROUP) };
}

/** A cgroup for one run, or undefined where cgroups cannot be used (the rlimits still apply). */
export function createRunCgroup(name: string, limits: RunLimits): RunCgroup | undefined {
  const support = cgroupSupport();
  if (support.kind === 'none') return undefined;
  const dirs = support.kind === 'v1'
    ? [path.join(support.memory, name), path.join(support.pids, name)]
    : [path.join(support.parent, name)];
  const make = () => {
    for (const dir of dirs) mkdirSync(dir, { recursive: true });
    const set = (dir: string, file: string, value: number | string) => writeFileSync(path.join(dir, file), String(value));
    if (support.kind === 'v1') {
      const [memory, pids] = dirs as [string, string];
      set(memory, 'memory.limit_in_bytes', limits.memoryBytes);
      // Where swap accounting is on, swap counts too (else a run could page its way past the limit).
      if (existsSync(path.join(memory, 'memory.memsw.limit_in_bytes'))) set(memory, 'memory.memsw.limit_in_bytes', limits.memoryBytes);
      set(pids, 'pids.max', limits.tasks);
    } else {
      const [dir] = dirs as [string];
      set(dir, 'memory.max', limits.memoryBytes);
      set(dir, 'memory.swap.max', 0);
      set(dir, 'pids.max', limits.tasks);
    }
  };
  try {
    make();
  } catch {
    for (const dir of dirs) rmdirQuietly(dir);
    return undefined;
  }
  return {
    ensure: () => {
      if (!dirs.every((dir) => existsSync(dir))) make();
    },
    procsFiles: dirs.map((dir) => path.join(dir, 'cgroup.procs')),
    pids: () => {
      const found = new Set<number>();
      for (const dir of dirs) {
        try {
          for (const line of readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n')) if (line) found.add(Number(line));
        } catch {
          // removed already
        }
      }
      return [...found];
    },
    remove: async () => {
      for (const dir of dirs) {
        for (let attempt = 0; attempt < 50; attempt++) {
          try {
            await rmdir(dir);
            break;
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
            await new Promise((resolve) => setTimeout(resolve, 20)); // EBUSY: its last process is exiting
          }
        }
      }
    },
  };
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not made, or not empty yet
  }
}

/**
 * Groups left by a process that died: removed at start. A group is named after the process that made it
 * (run-root.ts's instance id), so a group is stale exactly when that process is gone — not when it is empty,
 * which a live run's group is between two of its processes.
 */
export function sweepRunCgroups(): void {
  const support = cgroupSupport();
  const parents = support.kind === 'v1' ? [support.memory, support.pids] : support.kind === 'v2' ? [support.parent] : [];
  for (const parent of parents) {
    let names: string[] = [];
    try {
      names = readdirSync(parent, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    } catch {
      continue;
    }
    for (const name of names) {
      const owner = /^([0-9a-f]{12})-/.exec(name)?.[1];
      if (!owner || instanceAlive(owner)) continue;
      const dir = path.join(parent, name);
      try {
        for (const pid of readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
          try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ }
        }
      } catch {
        // gone meanwhile
      }
      rmdirQuietly(dir);
    }
  }
}
