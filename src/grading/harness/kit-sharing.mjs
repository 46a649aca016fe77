// What the learner's processes may reach of the run's temp folder, under the broker (kit-broker.mjs): there they
// run as the learner's uid, and the kit's and the tests' files there are not theirs unless the kit shares them.
import { chmodSync, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brokered } from './kit-broker.mjs';
import { gradingDir } from './kit-context.mjs';
import { shareWithGroup } from './kit-copy.mjs';

/**
 * Under the broker the learner's uid reaches the run's temp folder only where the kit lets it. A folder a test
 * made there (mkdtemp: mode 0700) and names to the app is opened to the run's group, which the learner's uid
 * belongs to: as the app's to change (its cwd, a variable: a data folder) or only to read (a PATH entry, a
 * module it preloads with --import or --require: what the app runs must not be its to rewrite). Everything else
 * the kit and the tests keep there stays theirs.
 */
export function openForApp({ cwd, env, args }) {
  if (!brokered) return;
  const readOnly = [];
  const writable = [cwd];
  for (const [name, value] of Object.entries(env)) (name === 'PATH' ? readOnly : writable).push(...String(value).split(':'));
  args.forEach((arg, i) => {
    const preloaded = ['--import', '--require', '-r'].includes(args[i - 1]) || /^--(?:import|require)=/.test(arg);
    const value = arg.replace(/^--(?:import|require)=/, '');
    (preloaded || value.startsWith('file:') ? readOnly : writable).push(value);
  });
  const temp = tmpdir();
  const topOf = (value) => {
    const file = value.startsWith('file:') ? filePath(value) : value;
    if (!file?.startsWith(temp + path.sep)) return undefined;
    return path.join(temp, path.relative(temp, file).split(path.sep)[0]);
  };
  for (const value of readOnly) {
    const top = topOf(value);
    if (top && ownFolder(top)) chmodSync(top, (statSync(top).mode & 0o7777) | 0o050);
  }
  for (const value of writable) {
    const top = topOf(value);
    if (top && ownFolder(top)) shareWithGroup(top);
  }
}

function ownFolder(dir) {
  try {
    const info = statSync(dir);
    return info.isDirectory() && info.uid === process.getuid?.();
  } catch {
    return false;
  }
}

/**
 * A module of the hidden tests' folder that a test preloads into the app (e.g. a start barrier): the learner's
 * sandbox has no view of that folder, so the app gets a read-only copy in the run's temp folder.
 */
export function shareJudgeFiles(args) {
  if (!brokered) return args;
  return args.map((arg) => {
    const file = arg.startsWith('file:') ? filePath(arg) : arg;
    if (!file?.startsWith(gradingDir + path.sep) || !existsSync(file)) return arg;
    const dir = path.join(tmpdir(), 'judge-shared');
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const copy = path.join(dir, path.relative(gradingDir, file).replaceAll(path.sep, '--'));
    if (!existsSync(copy)) copyFileSync(file, copy);
    return arg.startsWith('file:') ? pathToFileURL(copy).href : copy;
  });
}

function filePath(url) {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}
