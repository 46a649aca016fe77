// A private copy of the learner's folder for one check. Checks run side by side, and an app that keeps state
// next to its code (uploads, a sessions file, dist/, a migration marker, app.log) would otherwise write into the
// one folder every check's apps share: a check could see, count or lose what a neighbour's app wrote. In its own
// copy, with its own TMPDIR and HOME, a check sees only what its own apps did — as if it ran alone.
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brokered } from './kit-broker.mjs';
import { appDir, track } from './kit-context.mjs';

/** Folders that are not the learner's project: the kit and the hidden tests, version control, packages. */
export const NOT_PROJECT = new Set(['node_modules', '.grading', '.git']);

/**
 * Copies the learner's files (without .grading and .git; node_modules linked, since it is only read) to a fresh
 * temporary folder, removed when the check ends. Returns { dir, env }: start the app with
 * startApp({ cwd: dir, env: { ...env, … } }) and list what it wrote with listAppFiles(dir).
 */
export function appCopy() {
  const root = mkdtempSync(path.join(tmpdir(), 'check-'));
  track({ late: true, stop: () => rmSync(root, { recursive: true, force: true, maxRetries: 2 }) });
  const dir = path.join(root, 'app');
  const tmp = path.join(root, 'tmp');
  mkdirSync(tmp);
  cpSync(appDir, dir, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !(path.dirname(source) === appDir && NOT_PROJECT.has(path.basename(source))),
  });
  const modules = path.join(appDir, 'node_modules');
  if (existsSync(modules)) {
    try {
      symlinkSync(modules, path.join(dir, 'node_modules'), 'dir');
    } catch {
      cpSync(modules, path.join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    }
  }
  // Under the broker the app runs as the learner's uid, a member of the run's group: the copy is the app's to
  // change, as its own folder is (the kit opens the copy's top folder when it names it to the app).
  if (brokered) shareWithGroup(root);
  return { dir, env: { TMPDIR: tmp, HOME: tmp } };
}

/**
 * Makes a folder of the kit's (and all of the kit's in it) the run group's to change too. What the app made in
 * there is the app's already and stays as it is; links are left alone.
 */
export function shareWithGroup(dir) {
  const uid = process.getuid?.();
  const share = (target, bits) => {
    const info = lstatSync(target);
    if (info.uid !== uid) return false;
    chmodSync(target, (info.mode & 0o7777) | bits);
    return true;
  };
  if (!share(dir, 0o2070)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) shareWithGroup(full);
    else if (entry.isFile()) share(full, 0o060);
  }
}
