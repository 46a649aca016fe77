// The checks of a test file run side by side, and the learner's code may write next to itself (the starter keeps
// its orders in data/ and its log in bakery.log; a half-way fix may keep sessions in a file). So each check runs
// the project in a copy of its own: every file of the learner's folder as it was handed in, without the grading
// kit and .git; node_modules, if any, is linked rather than copied. Paths inside the copy are the learner's own,
// so messages name the same files.
import { copyFile, mkdir, mkdtemp, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appDir } from '../kit.mjs';

const SKIPPED = new Set(['.grading', '.git', 'node_modules']);

async function copyTree(from, to, skip) {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await copyTree(source, target, new Set());
    else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
    else if (entry.isFile()) await copyFile(source, target);
  }
}

/** Runs fn(dir) with dir a fresh copy of the learner's project; the copy is removed afterwards. */
export async function withProjectCopy(fn) {
  const dir = await mkdtemp(path.join(tmpdir(), 'project-'));
  try {
    await copyTree(appDir, dir, SKIPPED);
    const modules = path.join(appDir, 'node_modules');
    if (existsSync(modules)) {
      await symlink(modules, path.join(dir, 'node_modules'), 'dir')
        .catch(() => copyTree(modules, path.join(dir, 'node_modules'), new Set()));
    }
    return await fn(dir);
  } finally {
    // An app of this check may still be running (the kit stops it after the check): never let cleanup fail it.
    await rm(dir, { recursive: true, force: true, maxRetries: 2 }).catch(() => {});
  }
}

/** Every file under dir, relative with "/" separators, sorted; skips what listAppFiles() skips. */
export function listFiles(dir) {
  const files = [];
  const walk = (sub, prefix) => {
    for (const entry of readdirSync(sub, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) walk(path.join(sub, entry.name), `${prefix}${entry.name}/`);
      } else if (entry.isFile()) {
        files.push(`${prefix}${entry.name}`);
      }
    }
  };
  walk(dir, '');
  return files.sort();
}
