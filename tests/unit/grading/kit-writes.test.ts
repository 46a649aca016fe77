import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchWrites } from '../../../src/grading/harness/kit-writes.mjs';

// watchWrites() answers "did the app write any file?" for every place an app in an appCopy() can write: its
// copy, the copy's TMPDIR/HOME, the folder holding both (../) and the learner's node_modules behind the link.

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** The layout appCopy() makes: <top>/app (the copy, node_modules linked to the learner's) and <top>/tmp. */
function fakeCopy() {
  const top = mkdtempSync(path.join(tmpdir(), 'kit-writes-'));
  roots.push(top);
  const learner = mkdtempSync(path.join(tmpdir(), 'kit-writes-learner-'));
  roots.push(learner);
  mkdirSync(path.join(learner, 'node_modules/pkg'), { recursive: true });
  writeFileSync(path.join(learner, 'node_modules/pkg/index.js'), '');
  const dir = path.join(top, 'app');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'server.js'), 'x');
  writeFileSync(path.join(dir, 'app.log'), 'old\n');
  symlinkSync(path.join(learner, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const tmp = path.join(top, 'tmp');
  mkdirSync(tmp);
  return { copy: { dir, env: { TMPDIR: tmp, HOME: tmp } }, top, learner, tmp };
}

describe('kit watchWrites', () => {
  it('sees nothing when nothing was written', () => {
    const { copy } = fakeCopy();
    expect(watchWrites(copy).changes()).toEqual([]);
  });

  it('names files created in the copy, its temp folder, its parent and the linked node_modules, in new folders too', () => {
    const { copy, top, learner, tmp } = fakeCopy();
    const watch = watchWrites(copy);
    mkdirSync(path.join(copy.dir, 'logs/deep'), { recursive: true });
    writeFileSync(path.join(copy.dir, 'logs/deep/a.txt'), 'abc');
    writeFileSync(path.join(tmp, 'copy.log'), '1');
    writeFileSync(path.join(top, 'sibling.log'), '12');
    mkdirSync(path.join(learner, 'node_modules/.cache'));
    writeFileSync(path.join(learner, 'node_modules/.cache/events.ndjson'), '');
    expect(watch.changes().sort()).toEqual([
      'created ../sibling.log (2 bytes)',
      'created copy.log in the temp folder (os.tmpdir(), also HOME) (1 bytes)',
      'created logs/deep/a.txt (3 bytes)',
      'created node_modules/.cache/events.ndjson (0 bytes)',
    ].sort());
  });

  it('counts appending and rotating (a rename) as writing', () => {
    const { copy } = fakeCopy();
    const watch = watchWrites(copy);
    writeFileSync(path.join(copy.dir, 'app.log'), 'old\nnew line\n');
    expect(watch.changes()).toEqual(['wrote to app.log']);
    const again = watchWrites(copy);
    renameSync(path.join(copy.dir, 'app.log'), path.join(copy.dir, 'app.log.1'));
    expect(again.changes().sort()).toEqual(['created app.log.1 (13 bytes)', 'removed or renamed app.log']);
  });
});
