import { readSandboxLimitSettings } from '../config/sandbox-limits.ts';

/** What one sandboxed run may use: per process (rlimits) and, where cgroups work, for the whole run. */
export interface SandboxLimits {
  /** CPU seconds per process (RLIMIT_CPU). */
  cpuSeconds: number;
  /** Writable memory per process in bytes (RLIMIT_DATA; RLIMIT_AS breaks V8's large reservations). */
  dataBytes: number;
  /** Processes and threads per run uid (RLIMIT_NPROC). Node uses ~10 threads per process. */
  processes: number;
  /** Largest file a process may write, in bytes (RLIMIT_FSIZE). */
  fileBytes: number;
  /** Open files per process (RLIMIT_NOFILE). */
  openFiles: number;
  /** Memory of all the learner processes of a run together (cgroup). */
  runMemoryBytes: number;
  /** Processes and threads of all the learner processes of a run together (cgroup). */
  runTasks: number;
  /** Size of a run's folder (the learner's copy, what its apps write, the harness's temp folder). */
  diskBytes: number;
  /** Size of each sandbox's private /tmp. */
  tmpBytes: number;
}

const MB = 1024 * 1024;

/** The defaults, overridden by GRADING_MEMORY_MB, GRADING_PROCESSES and GRADING_DISK_MB (.env.example). */
export function sandboxLimits(env: Record<string, string | undefined> = process.env): SandboxLimits {
  const settings = readSandboxLimitSettings(env);
  const diskBytes = (settings.diskMb ?? 256) * MB;
  return {
    cpuSeconds: 30,
    dataBytes: 768 * MB,
    processes: 256,
    fileBytes: 64 * MB,
    openFiles: 512,
    runMemoryBytes: (settings.memoryMb ?? 1024) * MB,
    runTasks: settings.processes ?? 512,
    diskBytes,
    tmpBytes: diskBytes,
  };
}

export const defaultLimits: SandboxLimits = sandboxLimits({});
