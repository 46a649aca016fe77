// Preloaded with `node --import` by the concurrency test, before the learner's code runs. Two meeting points
// make a check-then-act race lose every time instead of once in a while:
// 1. the start: every copy waits until all have started, so they begin at the same moment instead of whenever
//    the machine got round to booting each one;
// 2. the first look at DATA_DIR: a copy that looks at the data folder (a file exists? what version is stored?)
//    gets its answer only once every copy has looked too, or no other copy comes within LOOK_WAIT_MS. Copies that
//    decide from what they saw (no lock file yet, version 0) then all decide from the same stale view, as they
//    would on a busy machine. An atomic claim in DATA_DIR (mkdir, open with 'wx', link, symlink) is never held
//    and counts as that copy's turn at the meeting point: copies that claim first never wait for one another.
// What a look returns is never changed; only when it returns. The learner's code is not touched.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const dir = process.env.GRADING_START_BARRIER;
const count = Number(process.env.GRADING_START_BARRIER_COUNT) || 1;
const dataDir = process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : undefined;
const LOOK_WAIT_MS = 400;

const { existsSync, writeFileSync, readdirSync } = fs;
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (dir) {
  // Not the pid: each copy may run in a pid namespace of its own, where every one of them is pid 2.
  writeFileSync(path.join(dir, `ready-${randomUUID()}`), '');
  const deadline = Date.now() + 4000;
  while (!existsSync(path.join(dir, 'go')) && Date.now() < deadline) await sleep(2);
  if (dataDir && count > 1) holdFirstLook();
}

function holdFirstLook() {
  let state = 'waiting'; // → 'held' (this copy is at the meeting point) → 'done'
  const over = path.join(dir, 'looked-over');
  const met = () => existsSync(over) || readdirSync(dir).filter((name) => name.startsWith('looked-')).length >= count;
  const arrive = () => {
    if (state !== 'waiting') return false;
    state = 'held';
    writeFileSync(path.join(dir, `looked-${randomUUID()}`), '');
    return true;
  };
  const leave = (timedOut) => {
    if (timedOut) writeFileSync(over, ''); // nobody else is coming: the others need not wait either
    state = 'done';
  };
  const waitSync = () => {
    const until = Date.now() + LOOK_WAIT_MS;
    while (!met() && Date.now() < until) sleepSync(2);
    leave(!met());
  };
  const wait = async () => {
    const until = Date.now() + LOOK_WAIT_MS;
    while (!met() && Date.now() < until) await sleep(2);
    leave(!met());
  };
  const inData = (target) => {
    if (typeof target !== 'string' && !(target instanceof URL) && !Buffer.isBuffer(target)) return false;
    const file = path.resolve(target instanceof URL ? target.pathname : String(target));
    return file === dataDir || file.startsWith(dataDir + path.sep);
  };

  for (const name of ['existsSync', 'statSync', 'lstatSync', 'accessSync', 'readFileSync', 'readdirSync']) {
    const original = fs[name];
    fs[name] = function look(target, ...rest) {
      try {
        return original.call(this, target, ...rest); // a throw (ENOENT) is an answer too, held the same
      } finally {
        if (inData(target) && arrive()) waitSync();
      }
    };
  }
  for (const name of ['stat', 'lstat', 'access', 'readFile', 'readdir']) {
    const original = fs.promises[name];
    fs.promises[name] = async function look(target, ...rest) {
      try {
        return await original.call(this, target, ...rest);
      } finally {
        if (inData(target) && arrive()) await wait();
      }
    };
  }
  for (const name of ['exists', 'stat', 'lstat', 'access', 'readFile', 'readdir']) {
    const original = fs[name];
    fs[name] = function look(target, ...rest) {
      const callback = rest.at(-1);
      if (typeof callback !== 'function' || !inData(target)) return original.call(this, target, ...rest);
      return original.call(this, target, ...rest.slice(0, -1), (...answer) => {
        if (arrive()) wait().then(() => callback(...answer));
        else callback(...answer);
      });
    };
  }
  // Atomic claims: a copy that decides by one of these needs no stale view to go wrong, so it is not held; it
  // counts as arrived, so that copies which only claim do not wait for each other.
  const exclusive = (flags) => (typeof flags === 'string' ? flags.includes('x') : typeof flags === 'number' && (flags & fs.constants.O_EXCL) !== 0);
  const claims = {
    mkdir: (target, options) => !(options?.recursive) && inData(target) && path.resolve(String(target)) !== dataDir,
    open: (target, flags) => inData(target) && exclusive(flags),
    writeFile: (target, _data, options) => inData(target) && exclusive(options?.flag),
    link: (_existing, target) => inData(target),
    symlink: (_existing, target) => inData(target),
  };
  const claimed = () => {
    if (state === 'waiting') {
      arrive();
      state = 'done';
    }
  };
  for (const [name, isClaim] of Object.entries(claims)) {
    for (const [owner, key] of [[fs, `${name}Sync`], [fs, name], [fs.promises, name]]) {
      const original = owner[key];
      if (typeof original !== 'function') continue;
      owner[key] = function claim(...args) {
        try {
          return original.apply(this, args);
        } finally {
          if (isClaim(...args)) claimed();
        }
      };
    }
  }
  syncBuiltinESMExports(); // `import { existsSync } from 'node:fs'` sees the same functions
}
