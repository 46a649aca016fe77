import { describe, expect, it } from 'vitest';
import { gradeWorkingCopy } from '../../../src/grading/local-runner.ts';
import { bubblewrapLauncher, sandboxProblem } from '../../../src/sandbox/bubblewrap.ts';
import { FIXTURES } from '../grading/helpers.ts';

/**
 * An app the kit SIGKILLs is reported as killed by SIGKILL, and its output is only what it wrote: the sandbox's
 * wrappers (`unshare` as root) neither print into it nor turn the signal into an exit code of their own.
 */
describe.skipIf(sandboxProblem() !== undefined)('an app the kit kills', () => {
  it('reports signal SIGKILL and shows no sandbox text', async () => {
    const files = { 'package.json': '{ "type": "module" }', 'app.js': "console.log('waiting');\nsetInterval(() => {}, 1000);\n" };
    const result = await gradeWorkingCopy({ exerciseId: 'killed', exercisesDir: FIXTURES, files, launcher: bubblewrapLauncher() });
    expect(result.tests[0]?.output ?? '').not.toMatch(/unshare|sigprocmask/);
    expect(result.tests[0]?.message ?? '').toBe('');
    expect(result.status).toBe('pass');
  }, 60_000);
});
