// Preloaded with `node --import` by the concurrency test: holds a process before the learner's code runs
// until every copy has started, so the copies really begin at the same moment instead of whenever the
// machine got round to booting each one. The learner's code is not touched.
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.GRADING_START_BARRIER;
if (dir) {
  // Not the pid: each copy may run in a pid namespace of its own, where every one of them is pid 2.
  writeFileSync(path.join(dir, `ready-${randomUUID()}`), '');
  const deadline = Date.now() + 4000;
  while (!existsSync(path.join(dir, 'go')) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
