/**
 * The one seam between the workbench and wherever the learner's code runs. Two implementations:
 * WebContainer (in the browser, static hosts) and Server (`npm start`'s API). Both pass the same contract
 * suite (tests/unit/workbench/sandbox-contract.ts). No UI, no framework, no storage in here.
 */
import type { FileMap, GradeResult } from '../types.ts';

export type SandboxKind = 'webcontainer' | 'server';

export interface SandboxCapabilities {
  /** An interactive shell in the terminal (WebContainer's jsh). The server only streams run output. */
  shell: boolean;
  /** A live preview of a port the app opens. */
  preview: boolean;
}

export type RunEndReason = 'exited' | 'stopped' | 'timeout' | 'failed';

export interface RunEnd {
  reason: RunEndReason;
  /** Exit code when the app exited by itself. */
  code?: number | null;
  /** One sentence for the terminal, in the learner's terms. */
  message: string;
}

export interface RunOptions {
  /** Output as it arrives (stdout and stderr, possibly with terminal escapes). */
  onOutput: (text: string) => void;
  /** Extra environment variables for the app (the learner's "Environment for Run"). */
  env?: Record<string, string>;
  /** Aborting stops the app. */
  signal?: AbortSignal;
  terminal?: { cols: number; rows: number };
}

export interface ShellSession {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  readonly exit: Promise<number>;
  kill(): void;
}

export type SandboxEvent =
  | { type: 'preview'; port: number; url: string }
  | { type: 'preview-closed'; port: number }
  /** The sandbox was torn down and booted again; the learner's files were mounted again. */
  | { type: 'restarted'; reason: string };

export type SandboxListener = (event: SandboxEvent) => void;

/** Why a sandbox cannot start, with what the learner can do about it. */
export type UnavailableReason = 'not-isolated' | 'unsupported' | 'offline' | 'unreachable' | 'blocked' | 'failed';

export class SandboxUnavailableError extends Error {
  readonly reason: UnavailableReason;
  constructor(reason: UnavailableReason, message: string) {
    super(message);
    this.name = 'SandboxUnavailableError';
    this.reason = reason;
  }
}

export interface Sandbox {
  readonly kind: SandboxKind;
  readonly capabilities: SandboxCapabilities;
  /** Gets ready to run code. Rejects with SandboxUnavailableError when it cannot. */
  boot(): Promise<void>;
  /** Makes the sandbox's working copy equal to `files` (by diff; hidden tests are never part of it). */
  sync(files: FileMap): Promise<void>;
  /** Starts the app (`node <main>`) and resolves when it ends: by itself, stopped, or by the watchdog. */
  run(options: RunOptions): Promise<RunEnd>;
  /** Runs the hidden tests against the last synced files. Never rejects: failures are `status: "error"`. */
  grade(options?: { signal?: AbortSignal }): Promise<GradeResult>;
  /** An interactive shell, when capabilities.shell. */
  startShell?(options: { onOutput: (text: string) => void; cols: number; rows: number }): Promise<ShellSession>;
  on(listener: SandboxListener): () => void;
  dispose(): Promise<void>;
}

/** A tiny event hub shared by both implementations. */
export class SandboxEvents {
  readonly #listeners = new Set<SandboxListener>();
  on(listener: SandboxListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  emit(event: SandboxEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
