import type { FileMap } from '../../types.ts';
import type { FileSystemTree } from './api.ts';

/** { "a/b.js": "…" } → WebContainer's nested { a: { directory: { "b.js": { file: { contents } } } } }. */
export function toFileSystemTree(files: FileMap): FileSystemTree {
  const root: FileSystemTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/');
    const name = parts.pop();
    if (!name) continue;
    let dir = root;
    for (const part of parts) {
      const node = dir[part];
      if (node && 'directory' in node) {
        dir = node.directory;
      } else {
        const directory: FileSystemTree = {};
        dir[part] = { directory };
        dir = directory;
      }
    }
    dir[name] = { file: { contents } };
  }
  return root;
}
