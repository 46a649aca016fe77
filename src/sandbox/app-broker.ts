import { constants as osConstants } from 'node:os';
import type { Duplex, Readable, Writable } from 'node:stream';
import type { SandboxedProcess } from './sandbox-process.ts';

/**
 * The host's half of kit-broker.mjs: the harness of a grading run asks, over its fd 3, for learner processes
 * (`node <args>` in a cwd with an env), and this starts each in a sandbox of its own under the learner's uid
 * (startLearner, bubblewrap.ts), relays its output, stdin, exit and the preloads' report, and signals it on
 * request. Requests are checked as data: nothing in one names a host path or reaches a shell — cwd, env and
 * args only ever mean something inside the learner's sandbox. When the harness goes, every learner process of
 * the run goes with it.
 */
export interface LearnerRequest {
  args: string[];
  /** The working directory inside the sandbox (in the run root, mounted at its host path). */
  cwd: string;
  env: Record<string, string>;
  stdin: boolean;
  report: boolean;
}

const MAX_PROCESSES = 64; // at once, per run; a test that needs more is a broken test
const RELAY_LIMIT = 2_000_000; // bytes per stream and process; the kit keeps 1 MB of each
const MAX_LINE = 1_000_000;

export function serveBroker(channel: Duplex, root: string, startLearner: (request: LearnerRequest) => SandboxedProcess): { closeAll(): Promise<void> } {
  const running = new Map<number, SandboxedProcess>();
  const send = (message: object) => {
    if (!channel.destroyed) channel.write(`${JSON.stringify(message)}\n`);
  };

  const spawnFor = (id: number, request: LearnerRequest) => {
    if (running.size >= MAX_PROCESSES) return send({ id, ev: 'error', message: `more than ${MAX_PROCESSES} processes at once` });
    let sandboxed: SandboxedProcess;
    try {
      sandboxed = startLearner(request);
    } catch (error) {
      return send({ id, ev: 'error', message: `could not start the process: ${(error as Error).message}` });
    }
    running.set(id, sandboxed);
    const { child } = sandboxed;
    const relay = (stream: Readable | null | undefined, fd: number) => {
      let relayed = 0;
      stream?.on('data', (chunk: Buffer) => {
        if (relayed >= RELAY_LIMIT) return; // keep reading, so a runaway printer never blocks on a full pipe
        const part = chunk.subarray(0, RELAY_LIMIT - relayed);
        relayed += part.length;
        send({ id, ev: 'out', fd, data: part.toString('base64') });
      });
      stream?.on('error', () => {});
    };
    relay(child.stdout, 1);
    relay(child.stderr, 2);
    if (request.report) relay(child.stdio[3] as Readable | null, 3);
    (child.stdin as Writable | null)?.on('error', () => {});
    child.on('error', (error) => {
      running.delete(id);
      send({ id, ev: 'error', message: `could not start the process: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      if (!running.delete(id)) return;
      // bubblewrap reports its command's death by signal N as exit code 128 + N.
      const bySignal = code !== null && code > 128 ? signalName(code - 128) : undefined;
      send({ id, ev: 'exit', code: bySignal ? null : code, signal: bySignal ?? signal });
    });
  };

  let buffer = '';
  channel.setEncoding('utf8');
  channel.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > MAX_LINE && !buffer.includes('\n')) buffer = ''; // not a request: dropped
    for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      handle(line);
    }
  });
  channel.on('error', () => {});

  function handle(line: string) {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const id = message.id;
    if (typeof id !== 'number' || !Number.isInteger(id)) return;
    if (message.op === 'spawn') {
      const request = learnerRequest(message, root);
      if (typeof request === 'string') return send({ id, ev: 'error', message: request });
      if (running.has(id)) return send({ id, ev: 'error', message: 'id in use' });
      return spawnFor(id, request);
    }
    const target = running.get(id);
    if (!target) return;
    if (message.op === 'stdin' && typeof message.data === 'string') (target.child.stdin as Writable | null)?.write(Buffer.from(message.data, 'base64'));
    else if (message.op === 'stdin-end') (target.child.stdin as Writable | null)?.end();
    else if (message.op === 'kill' && typeof message.signal === 'string' && /^SIG[A-Z0-9]+$/.test(message.signal)) {
      target.signal(message.signal as NodeJS.Signals, message.group === true);
    }
  }

  return {
    /** SIGKILLs every learner sandbox of the run; resolves once each has closed, or after 2 s. */
    closeAll() {
      const closing = [...running.values()].map((sandboxed) => new Promise<void>((resolve) => {
        if (sandboxed.child.exitCode !== null || sandboxed.child.signalCode !== null) return resolve();
        sandboxed.child.once('close', () => resolve());
        sandboxed.signal('SIGKILL');
        void sandboxed.initPid.then(() => sandboxed.signal('SIGKILL')); // one that had not reported its pid 1 yet
      }));
      const bound = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
      return Promise.race([Promise.all(closing).then(() => {}), bound]);
    },
  };
}

function learnerRequest(message: Record<string, unknown>, root: string): LearnerRequest | string {
  const { args, cwd, env } = message;
  if (!Array.isArray(args) || args.length === 0 || !args.every((arg) => typeof arg === 'string' && !arg.includes('\0'))) return 'args must be strings';
  if (typeof cwd !== 'string' || !cwd.startsWith(`${root}/`) || cwd.includes('\0') || cwd.split('/').includes('..')) return 'cwd must be a folder of the run';
  if (typeof env !== 'object' || env === null) return 'env must be an object';
  const entries = Object.entries(env as Record<string, unknown>);
  if (!entries.every(([name, value]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && typeof value === 'string' && !value.includes('\0'))) {
    return 'env must map names to strings';
  }
  return { args: args as string[], cwd, env: Object.fromEntries(entries) as Record<string, string>, stdin: message.stdin === true, report: message.report === true };
}

function signalName(number: number): NodeJS.Signals | undefined {
  return Object.entries(osConstants.signals).find(([, value]) => value === number)?.[0] as NodeJS.Signals | undefined;
}
