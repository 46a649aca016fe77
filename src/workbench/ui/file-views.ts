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
      h('button', { type: 'button', class: 'wb-file-open', 'data-path': path, 'aria-current': path === active ? 'true' : undefined, title: path, onclick: () => actions.open(path) }, name),
      h('button', { type: 'button', class: 'wb-icon-button wb-file-delete', 'data-path': path, 'aria-label': `Delete ${path}`, title: `Delete ${path}`, onclick: () => actions.remove(path) }, '×')));
  }
  return items;
}

/**
 * Re-rendering replaces the buttons, and a removed button takes focus with it (to <body>): a keyboard learner
 * who opened a file with Enter lost their place, and the next key went to the page. Focus goes back to the
 * button of the same kind for the same file when it is still there.
 */
function keepingFocus(container: HTMLElement, render: () => void): void {
  const focused = document.activeElement;
  const was = focused instanceof HTMLElement && container.contains(focused) && focused.dataset.path !== undefined
    ? { path: focused.dataset.path, kind: focused.className }
    : null;
  render();
  if (!was) return;
  const again = [...container.querySelectorAll<HTMLElement>('button[data-path]')]
    .find((button) => button.dataset.path === was.path && button.className === was.kind);
  again?.focus();
}

export function renderFileTree(list: HTMLElement, workspace: Workspace, actions: FileViewActions): void {
  keepingFocus(list, () => list.replaceChildren(...renderFolder(buildTree(workspace.paths), workspace.active, actions)));
}

export function renderTabs(container: HTMLElement, workspace: Workspace, actions: FileViewActions): void {
  keepingFocus(container, () => container.replaceChildren(...workspace.open.map((path) => {
    const active = path === workspace.active;
    return h('div', { class: 'wb-tab', 'data-active': active ? 'true' : undefined },
      h('button', { type: 'button', class: 'wb-tab-name', 'data-path': path, 'aria-pressed': String(active), title: path, onclick: () => actions.open(path) }, path),
      h('button', { type: 'button', class: 'wb-tab-close', 'data-path': path, 'aria-label': `Close ${path}`, title: `Close ${path}`, onclick: () => actions.close(path) }, '×'));
  })));
}
