/**
 * The learner's working copy in memory: files, open tabs, the active file. Views and the editor listen to
 * it; persistence and the sandbox sync are driven from its change events (see autosave.ts). No DOM here.
 */
import { pathProblem, sortPaths } from '../files/paths.ts';
import type { FileMap } from '../types.ts';

export type WorkspaceChange =
  /** One file's text changed (typing). `fromEditor` lets the editor skip echoing its own edits. */
  | { type: 'edit'; path: string; fromEditor: boolean }
  /** Files were added, removed or all replaced (new file, delete, reset, import, solution copy). */
  | { type: 'files' }
  /** Tabs or the active file changed. */
  | { type: 'tabs' };

type Listener = (change: WorkspaceChange) => void;

export class Workspace {
  #files: FileMap;
  #open: string[];
  #active: string | null;
  readonly #listeners = new Set<Listener>();

  constructor(files: FileMap, open: string[] = [], active: string | null = null) {
    this.#files = { ...files };
    this.#open = open.filter((path) => path in this.#files);
    this.#active = active !== null && active in this.#files ? active : (this.#open[0] ?? null);
    if (this.#active && !this.#open.includes(this.#active)) this.#open.unshift(this.#active);
  }

  on(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(change: WorkspaceChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  get files(): FileMap {
    return { ...this.#files };
  }

  get paths(): string[] {
    return sortPaths(Object.keys(this.#files));
  }

  get open(): string[] {
    return [...this.#open];
  }

  get active(): string | null {
    return this.#active;
  }

  read(path: string): string | undefined {
    return this.#files[path];
  }

  edit(path: string, text: string, fromEditor = false): void {
    if (!(path in this.#files) || this.#files[path] === text) return;
    this.#files[path] = text;
    this.#emit({ type: 'edit', path, fromEditor });
  }

  /** Adds an empty file and opens it; returns why not when the path is unusable or taken. */
  create(path: string, text = ''): string | undefined {
    const problem = pathProblem(path);
    if (problem) return `"${path}" ${problem}`;
    if (path in this.#files) return `${path} already exists`;
    if (Object.keys(this.#files).some((existing) => existing.startsWith(`${path}/`) || path.startsWith(`${existing}/`))) {
      return `${path} clashes with a folder or file of the same name`;
    }
    this.#files[path] = text;
    this.#emit({ type: 'files' });
    this.openFile(path);
    return undefined;
  }

  remove(path: string): void {
    if (!(path in this.#files)) return;
    delete this.#files[path];
    this.#open = this.#open.filter((p) => p !== path);
    if (this.#active === path) this.#active = this.#open[0] ?? null;
    this.#emit({ type: 'files' });
    this.#emit({ type: 'tabs' });
  }

  /** Replaces every file (reset, import); keeps the tabs that still exist. */
  replaceAll(files: FileMap): void {
    this.#files = { ...files };
    this.#open = this.#open.filter((path) => path in this.#files);
    if (this.#active === null || !(this.#active in this.#files)) this.#active = this.#open[0] ?? this.paths[0] ?? null;
    if (this.#active && !this.#open.includes(this.#active)) this.#open.push(this.#active);
    this.#emit({ type: 'files' });
    this.#emit({ type: 'tabs' });
  }

  openFile(path: string): void {
    if (!(path in this.#files)) return;
    if (!this.#open.includes(path)) this.#open.push(path);
    this.#active = path;
    this.#emit({ type: 'tabs' });
  }

  closeFile(path: string): void {
    const index = this.#open.indexOf(path);
    if (index < 0) return;
    this.#open.splice(index, 1);
    if (this.#active === path) this.#active = this.#open[Math.min(index, this.#open.length - 1)] ?? null;
    this.#emit({ type: 'tabs' });
  }
}
