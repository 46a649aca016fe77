/**
 * The slice of @webcontainer/api the adapter uses — and all a fake must implement. Keeping it narrow keeps
 * the untestable part small (StackBlitz's runtime cannot load without internet). The checks at the bottom
 * fail the type check if the real package stops matching.
 */
import type { BootOptions, FileSystemTree, WebContainer, WebContainerProcess } from '@webcontainer/api';

export type { FileSystemTree };

export interface WcProcess {
  exit: Promise<number>;
  input: WritableStream<string>;
  output: ReadableStream<string>;
  kill(): void;
  resize(dimensions: { cols: number; rows: number }): void;
}

export interface WcSpawnOptions {
  cwd?: string;
  env?: Record<string, string | number | boolean>;
  output?: boolean;
  terminal?: { cols: number; rows: number };
}

export interface WcFileSystem {
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<string>;
  rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void>;
}

export interface WcInstance {
  fs: WcFileSystem;
  spawn(command: string, args: string[], options?: WcSpawnOptions): Promise<WcProcess>;
  mount(tree: FileSystemTree): Promise<void>;
  on(event: 'server-ready', listener: (port: number, url: string) => void): () => void;
  on(event: 'port', listener: (port: number, type: 'open' | 'close', url: string) => void): () => void;
  on(event: 'error', listener: (error: { message: string }) => void): () => void;
  teardown(): void;
}

/** How an instance is obtained: WebContainer.boot in the browser, a fake in unit tests. */
export type WcBoot = (options: BootOptions) => Promise<WcInstance>;

// Compile-time checks: the real classes satisfy the slice, so code written against it runs against them.
type Satisfies<T extends U, U> = T;
export type RealInstanceMatches = Satisfies<WebContainer, WcInstance>;
export type RealProcessMatches = Satisfies<WebContainerProcess, WcProcess>;
