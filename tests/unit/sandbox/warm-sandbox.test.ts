import { chmodSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeWorkingCopy } from '../../../src/grading/local-runner.ts';
import { createWarmGraders } from '../../../src/grading/warm-graders.ts';
import { bubblewrapLauncher, sandboxProblem } from '../../../src/sandbox/bubblewrap.ts';
import { emptied, FIXTURES, tempDir } from '../grading/helpers.ts';

// A spare grader starts in its sandbox before the learner's files exist. As root every run has a uid of its
// own, so files placed after the launch must still become that uid's: an app may change its own files.

const problem = sandboxProblem();
const tmpRoot = tempDir('warm-sandbox');
chmodSync(tmpRoot, 0o711); // a run under its own uid must reach its folder inside, as in the OS temp dir
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

const OWN_FILES_APP = `import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
try {
  appendFileSync('data/notes.txt', ' and more');
  writeFileSync('data/new.txt', 'made by the app');
  console.log(readFileSync('data/notes.txt', 'utf8') === 'first and more' ? 'contained' : 'notes.txt was not appended to');
} catch (error) {
  console.log(\`could not change its own files: \${error.message}\`);
}`;

describe.skipIf(problem !== undefined)('a spare grader in the sandbox', () => {
  it('gives the learner files placed after its start to the run, and grades like a cold start', async () => {
    const warm = createWarmGraders({ launcher: bubblewrapLauncher(), tmpRoot });
    const files = { 'package.json': '{ "type": "module" }', 'app.js': OWN_FILES_APP, 'data/notes.txt': 'first' };
    try {
      const grade = () => gradeWorkingCopy({ exerciseId: 'hostile', exercisesDir: FIXTURES, files, launcher: bubblewrapLauncher(), tmpRoot, warm });
      const cold = await grade(); // starts the spare for the next one
      const warmed = await grade();
      for (const result of [cold, warmed]) {
        expect(result.message).toBeUndefined();
        expect(result.tests[0]?.message ?? '').toBe('');
        expect(result.status).toBe('pass');
      }
    } finally {
      warm.close();
    }
    expect(await emptied(tmpRoot)).toEqual([]);
    expect(readFileSync(path.join(FIXTURES, 'hostile/solution/app.js'), 'utf8')).not.toContain('notes');
  });
});
