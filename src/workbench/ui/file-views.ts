/**
 * The file tree (every learner file; hidden tests are never among them) and the tabs of open files.
 * Plain buttons in lists: reachable with Tab, operable with Enter/Space, named for screen readers.
 */
import type { Workspace } from '../state/workspace.ts';
import { h } from './dom.ts';

export interface FileViewActions {
  open(path: string): void;
  close(path: string): void;
  remove(path: string): void;
}

interface Folder {
  files: string[];
  folders: Map<string, Folder>;
}

function buildTree(paths: readonly string[]): Folder {
  const root: Folder = { files: [], folders: new Map() };
  for (const path of paths) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let next = folder.folders.get(part);
      if (!next) folder.folders.set(part, (next = { files: [], folders: new Map() }));
      folder = next;
    }
    folder.files.push(path);
  }
  return root;
}

function renderFolder(folder: Folder, active: string | null, actions: FileViewActions): HTMLLIElement[] {
  const items: HTMLLIElement[] = [];
  for (const [name, child] of folder.folders) {
    items.push(h('li', { class: 'wb-folder' },
      h('span', { class: 'wb-folder-name' }, `${name}/`),
      h('ul', {}, ...renderFolder(child, active, actions))));
  }
  for (const path of folder.files) {
    const name = path.split('/').pop() ?? path;
    items.push(h('li', { class: 'wb-file', 'data-active': path === active ? 'true' : undefined },
      h('button', { type: 'button', class: 'wb-file-open', 'aria-current': path === active ? 'true' : undefined, title: path, onclick: () => actions.open(path) }, name),
      h('button', { type: 'button', class: 'wb-icon-button wb-file-delete', 'aria-label': `Delete ${path}`, title: `Delete ${path}`, onclick: () => actions.remove(path) }, '×')));
  }
  return items;
}

export function renderFileTree(list: HTMLElement, workspace: Workspace, actions: FileViewActions): void {
  list.replaceChildren(...renderFolder(buildTree(workspace.paths), workspace.active, actions));
}

export function renderTabs(container: HTMLElement, workspace: Workspace, actions: FileViewActions): void {
  container.replaceChildren(...workspace.open.map((path) => {
    const active = path === workspace.active;
    return h('div', { class: 'wb-tab', 'data-active': active ? 'true' : undefined },
      h('button', { type: 'button', class: 'wb-tab-name', 'aria-pressed': String(active), title: path, onclick: () => actions.open(path) }, path),
      h('button', { type: 'button', class: 'wb-tab-close', 'aria-label': `Close ${path}`, title: `Close ${path}`, onclick: () => actions.close(path) }, '×'));
  }));
}
