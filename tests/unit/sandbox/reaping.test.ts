import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxProblem } from '../../../src/sandbox/bubblewrap.ts';
import { claimUidSlot, slotIsFree, FIRST_UID } from '../../../src/sandbox/uid-pool.ts';
import { REPO } from '../grading/helpers.ts';

const asRoot = process.getuid?.() === 0;

describe.skipIf(!asRoot || sandboxProblem() !== undefined)('nothing of a run is left to the server', () => {
  it('leaves no zombie to a server that is PID 1 (no init in its container)', () => {
    const script = path.join(REPO, 'tests/fixtures/sandbox/grade-as-pid1.ts');
    const run = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, script], { encoding: 'utf8', timeout: 120_000, cwd: REPO });
    const report = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
    expect(report.pid).toBe(1);
    expect(report.verdicts).toEqual(['pass', 'fail', 'pass', 'fail']);
    expect(report.zombies).toBe(0);
  }, 130_000);
});

describe.skipIf(process.platform !== 'linux')('the uid pool', () => {
  it('gives each run its own pair of uids, and a slot is free again once its holder is gone however it went', async () => {
    const first = claimUidSlot();
    const second = claimUidSlot();
    expect(first.learner).toBe(first.judge + 1);
    expect(new Set([first.judge, first.learner, second.judge, second.learner]).size).toBe(4);
    expect(slotIsFree((first.judge - FIRST_UID) / 2)).toBe(false);
    first.release();
    expect(slotIsFree((first.judge - FIRST_UID) / 2)).toBe(true);
    second.release();
    // Another process holds a slot and is SIGKILLed: the kernel frees the slot, no lock file is left to go stale.
    const holder = spawn(process.execPath, ['-e', `
      import('${path.join(REPO, 'src/sandbox/uid-pool.ts')}').then(({ claimUidSlot }) => {
        const slot = claimUidSlot(); console.log(slot.judge); setInterval(() => {}, 1000);
      });`], { stdio: ['ignore', 'pipe', 'inherit'] });
    const judge = await new Promise<number>((resolve) => holder.stdout.once('data', (chunk) => resolve(Number(String(chunk)))));
    const slot = (judge - FIRST_UID) / 2;
    expect(slotIsFree(slot)).toBe(false);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('close', resolve));
    expect(slotIsFree(slot)).toBe(true);
  });
});
