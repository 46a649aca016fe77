/**
 * The hostile suite's submissions: learner working copies of a real exercise (its starter, so they fix
 * nothing, or its solution) with an attack payload from tests/fixtures/hostile/, and the forged result a
 * payload tries to pass off.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PAYLOADS = path.join(REPO, 'tests/fixtures/hostile');

export type Files = Record<string, string>;

/** Every file of exercises/<id>/<which>/ (dotfiles included), as the workbench would send them. */
export function exerciseFiles(id: string, which: 'starter' | 'solution'): Files {
  const root = path.join(REPO, 'exercises', id, which);
  const files: Files = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(root, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** The names of an exercise's hidden checks, in file order: hidden means not shown, not secret. */
export function declaredTests(id: string): string[] {
  const dir = path.join(REPO, 'exercises', id, 'tests');
  return readdirSync(dir).filter((name) => name.endsWith('.test.mjs')).sort().flatMap((name) =>
    [...readFileSync(path.join(dir, name), 'utf8').matchAll(/\bcheck\(\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!));
}

/** A GradeResult saying every declared test of the exercise passed: what a forger wants the server to believe. */
export function fakePass(id: string): string {
  const tests = declaredTests(id).map((name) => ({ name, status: 'pass' }));
  return JSON.stringify({ version: 1, exercise: id, status: 'pass', tests, durationMs: 420 });
}

/**
 * A learner's working copy of `exercise` (its starter, so it fixes nothing) whose main module first imports
 * the attack payload tests/fixtures/hostile/<payload>, with `params` beside it in hostile-params.json.
 */
export function withPayload(payload: string, params: Record<string, unknown> = {}, exercise = 'config', base: 'starter' | 'solution' = 'starter'): Files {
  const files = exerciseFiles(exercise, base);
  const main = JSON.parse(readFileSync(path.join(REPO, 'exercises', exercise, 'exercise.json'), 'utf8')).main as string;
  files['attack.mjs'] = readFileSync(path.join(PAYLOADS, payload), 'utf8');
  files['hostile-params.json'] = JSON.stringify(params);
  files[main] = `import './attack.mjs';\n${files[main]}`;
  return files;
}

/**
 * The config starter plus a file named like a Node option: a folder `--require=.` (or `--import=.`) holding a
 * file that does not parse, so a syntax check runs `node --check --require=./<file>` on it; the option then
 * loads the top-level file of that name (tests/fixtures/hostile/option-injection.cjs), which forges a pass.
 */
export function optionInjection(option: '--require' | '--import'): Files {
  const files = exerciseFiles('config', 'starter');
  const name = option === '--require' ? 'evil.cjs' : 'evil.mjs';
  const code = readFileSync(path.join(PAYLOADS, 'option-injection.cjs'), 'utf8');
  // As an ES module the same code needs its own require and __dirname.
  files[name] = option === '--require' ? code : `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst __dirname = import.meta.dirname;\n${code}`;
  files[`${option}=./${name}`] = 'this is not JavaScript {';
  files['hostile-params.json'] = JSON.stringify({ fake: fakePass('config') });
  return files;
}

/** A fresh text only this test knows: put into the argv of every process an attack starts, to find survivors. */
export function marker(what: string): string {
  return `hostile-${what}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
