/**
 * A typed fake of the @webcontainer/api slice (src/workbench/sandbox/webcontainer/api.ts), backed by a real
 * temp folder and real Node processes, so the contract suite runs the real harness and hidden tests through
 * the WebContainer adapter. It copies the behaviours that shape the adapter: one live instance at a time,
 * everything unusable after teardown(), and (optionally) kill() that a busy loop ignores.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileSystemTree, WcBoot, WcFileSystem, WcInstance, WcProcess, WcSpawnOptions } from '../../../src/workbench/sandbox/webcontainer/api.ts';

export interface FakeOptions {
  /** false: kill() does nothing, as with a busy loop in a real WebContainer; only teardown() stops it. */
  killable?: boolean;
  /** Boot rejects with this error. */
  bootError?: Error;
  /** Boot never settles (StackBlitz unreachable). */
  bootHangs?: boolean;
  /** boot() resolves only after this long (a slow network). */
  bootDelayMs?: number;
}

export class FakeWebContainer {
  readonly options: FakeOptions;
  readonly instances: FakeInstance[] = [];

  constructor(options: FakeOptions = {}) {
    this.options = options;
  }

  boot: WcBoot = async () => {
    if (this.options.bootHangs) return new Promise<never>(() => {});
    if (this.options.bootDelayMs) await new Promise((resolve) => setTimeout(resolve, this.options.bootDelayMs));
    if (this.options.bootError) throw this.options.bootError;
    if (this.live) throw new Error('Unable to create more instances');
    const instance = new FakeInstance(this.options);
    this.instances.push(instance);
    return instance;
  };

  get live(): FakeInstance | undefined {
    return this.instances.find((instance) => !instance.tornDown);
  }

  teardownAll(): void {
    for (const instance of this.instances) instance.teardown();
  }
}

type Listener = (...args: never[]) => void;

export class FakeInstance implements WcInstance {
  readonly root = mkdtempSync(path.join(tmpdir(), 'fake-wc-'));
  tornDown = false;
  readonly spawned: Array<{ command: string; args: string[]; options: WcSpawnOptions | undefined }> = [];
  readonly #options: FakeOptions;
  readonly #children = new Set<ChildProcess>();
  readonly #listeners = new Map<string, Set<Listener>>();

  constructor(options: FakeOptions) {
    this.#options = options;
  }

  #resolve(rel: string): string {
    if (this.tornDown) throw new Error('WebContainer instance has been torn down');
    const full = path.resolve(this.root, rel);
    if (full !== this.root && !full.startsWith(this.root + path.sep)) throw new Error(`EACCES: outside the workdir: ${rel}`);
    return full;
  }

  fs: WcFileSystem = {
    writeFile: async (rel, data) => writeFile(this.#resolve(rel), data),
    mkdir: async (rel) => {
      await mkdir(this.#resolve(rel), { recursive: true });
      return rel;
    },
    rm: async (rel, options) => rm(this.#resolve(rel), { force: options?.force ?? false, recursive: options?.recursive ?? false }),
  };

  async mount(tree: FileSystemTree, at = ''): Promise<void> {
    for (const [name, node] of Object.entries(tree)) {
      const target = this.#resolve(path.join(at, name));
      if ('directory' in node) {
        mkdirSync(target, { recursive: true });
        await this.mount(node.directory, path.join(at, name));
      } else if ('file' in node && 'contents' in node.file) {
        writeFileSync(target, node.file.contents);
      }
    }
  }

  async spawn(command: string, args: string[], options?: WcSpawnOptions): Promise<WcProcess> {
    this.#resolve('.');
    this.spawned.push({ command, args, options });
    const binary = command === 'node' ? process.execPath : command === 'jsh' ? '/bin/sh' : command;
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: this.root };
    for (const [key, value] of Object.entries(options?.env ?? {})) env[key] = String(value);
    const child = spawn(binary, args, { cwd: options?.cwd ? this.#resolve(options.cwd) : this.root, env, detached: true, stdio: 'pipe' });
    this.#children.add(child);
    const exit = new Promise<number>((resolve) => child.on('close', (code) => {
      this.#children.delete(child);
      resolve(code ?? 137);
    }));
    const output = new ReadableStream<string>({
      start(controller) {
        let open = 2;
        for (const stream of [child.stdout, child.stderr]) {
          stream.setEncoding('utf8');
          stream.on('data', (text: string) => controller.enqueue(text));
          stream.on('end', () => (--open === 0 ? controller.close() : undefined));
        }
      },
    });
    const input = new WritableStream<string>({ write: (text) => void child.stdin.write(text) });
    const killable = this.#options.killable !== false;
    return {
      exit, output, input,
      kill: () => (killable ? killGroup(child) : undefined),
      resize: () => {},
    };
  }

  on(event: 'server-ready', listener: (port: number, url: string) => void): () => void;
  on(event: 'port', listener: (port: number, type: 'open' | 'close', url: string) => void): () => void;
  on(event: 'error', listener: (error: { message: string }) => void): () => void;
  on(event: string, listener: Listener): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
    return () => set.delete(listener);
  }

  /** Test hook: what the real runtime emits when a process listens or stops listening. */
  emit(event: 'server-ready' | 'port', ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }

  teardown(): void {
    if (this.tornDown) return;
    this.tornDown = true;
    for (const child of this.#children) killGroup(child);
    // Like a real teardown, nothing started inside survives — including apps the grading kit started in
    // process groups of their own (found by their working directory).
    killProcessesUnder(this.root);
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Test hook: the files in the container now (relative paths), hidden ones included. */
  listFiles(dir = this.root, prefix = ''): string[] {
    if (this.tornDown) return [];
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? this.listFiles(full, `${prefix}${name}/`) : [`${prefix}${name}`];
    });
  }

  readFile(rel: string): string {
    return readFileSync(this.#resolve(rel), 'utf8');
  }
}

function killProcessesUnder(dir: string): void {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone, or not ours to inspect
    }
  }
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
