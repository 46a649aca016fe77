// What an app wrote to disk during a check, wherever it could write: "no files" checked in the app folder
// alone lets an app through that writes to os.tmpdir(), $HOME, node_modules/ or ../ instead. An app started in
// an appCopy() can write to its copy, the copy's TMPDIR and HOME (its tmp/ beside it), the folder holding both
// (its ../), and through the copy's node_modules link the learner's node_modules. Elsewhere it cannot write
// under the server's sandbox (its own /tmp is private and gone when it exits), so this is everything.
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';

const MAX_ENTRIES = 20_000; // a copy with more files than this is not a learner's project; stop walking

/** The places an app started in `copy` (appCopy()'s { dir, env }) can write to, each with how to name it. */
export function writablePlaces(copy) {
  const top = path.dirname(copy.dir);
  const places = [{ dir: top, name: (rel) => nameInTop(copy, top, rel) }];
  try {
    const link = path.join(copy.dir, 'node_modules');
    if (lstatSync(link).isSymbolicLink()) {
      const target = realpathSync(link);
      places.push({ dir: target, name: (rel) => `node_modules/${rel}` });
    }
  } catch {
    // no node_modules link: an app that makes node_modules makes it inside the copy, which is walked
  }
  return places;
}

function nameInTop(copy, top, rel) {
  const full = path.join(top, rel);
  const inside = (dir) => full.startsWith(dir + path.sep) ? path.relative(dir, full).split(path.sep).join('/') : undefined;
  const inApp = inside(copy.dir);
  if (inApp !== undefined) return inApp;
  const temp = copy.env?.TMPDIR;
  const inTemp = temp ? inside(temp) : undefined;
  if (inTemp !== undefined) return `${inTemp} in the temp folder (os.tmpdir(), also HOME)`;
  return `../${rel}`;
}

/** Size and modification time of every file (not link) under each place; links are never followed. */
export function snapshotWrites(places) {
  const files = new Map();
  let seen = 0;
  for (const [index, place] of places.entries()) {
    const walk = (dir, prefix) => {
      let entries = [];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return; // vanished while walking, or not ours to read: the app may still be writing
      }
      for (const entry of entries) {
        if (++seen > MAX_ENTRIES) return;
        const rel = `${prefix}${entry.name}`;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full, `${rel}/`);
        else if (entry.isFile()) {
          try {
            const info = lstatSync(full);
            files.set(`${index}\0${rel}`, { place, rel, stamp: `${info.size}:${info.mtimeMs}`, size: info.size });
          } catch {
            // vanished between listing and stat
          }
        }
      }
    };
    walk(place.dir, '');
  }
  return files;
}

/**
 * What changed since `before` (a snapshotWrites of the same places), as phrases: "created x (12 bytes)",
 * "wrote to x", "removed or renamed x" (rotating a log renames it).
 */
export function writesSince(places, before) {
  const now = snapshotWrites(places);
  const changes = [];
  for (const [key, file] of now) {
    const then = before.get(key);
    if (!then) changes.push(`created ${file.place.name(file.rel)} (${file.size} bytes)`);
    else if (then.stamp !== file.stamp) changes.push(`wrote to ${file.place.name(file.rel)}`);
  }
  for (const [key, file] of before) {
    if (!now.has(key)) changes.push(`removed or renamed ${file.place.name(file.rel)}`);
  }
  return changes;
}

/**
 * Starts watching everything an app started in `copy` (appCopy()'s { dir, env }) can write; take it before the
 * app starts. `changes()` lists what was written since, in the learner's terms (see writesSince).
 */
export function watchWrites(copy) {
  const places = writablePlaces(copy);
  const before = snapshotWrites(places);
  return { changes: () => writesSince(places, before) };
}
