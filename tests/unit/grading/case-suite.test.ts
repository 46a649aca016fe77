import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseWorkingCopy, loadCaseSuite } from '../../../src/grading/case-suite.ts';
import { loadExercise } from '../../../src/grading/exercises.ts';
import { FIXTURES, REPO, tempDir } from './helpers.ts';

const root = tempDir('case-suite');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const STARTER = { 'server.js': 'console.log("starter");\n', 'lib/config.js': 'export default {};\n' };

/** An exercise folder with a starter and the given cases: name → files (case.json given as an object or text). */
function suite(id: string, cases: Record<string, Record<string, unknown>>) {
  const dir = path.join(root, id);
  for (const [rel, text] of Object.entries(STARTER)) write(path.join(dir, 'starter', rel), text);
  for (const [name, files] of Object.entries(cases)) {
    mkdirSync(path.join(dir, 'cases', name), { recursive: true });
    for (const [rel, content] of Object.entries(files)) {
      write(path.join(dir, 'cases', name, rel), typeof content === 'string' ? content : JSON.stringify(content));
    }
  }
  return { id, dir, meta: {} as never, file: (name: string) => path.join(dir, 'cases', name, 'case.json') };
}

function write(file: string, text: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const changed = { 'server.js': 'console.log("fixed");\n' };

describe('a case suite', () => {
  it('loads valid alt-* and wrong-* cases, sorted, with their removes', () => {
    const exercise = suite('valid', {
      'wrong-b': { 'case.json': { expect: 'fail', about: 'b' }, ...changed },
      'alt-a': { 'case.json': { expect: 'pass', about: 'a', removes: ['lib/config.js'] }, ...changed },
    });
    const { cases, problems } = loadCaseSuite(exercise);
    expect(problems).toEqual([]);
    expect(cases.map(({ name, expect: verdict, removes }) => ({ name, verdict, removes }))).toEqual([
      { name: 'alt-a', verdict: 'pass', removes: ['lib/config.js'] },
      { name: 'wrong-b', verdict: 'fail', removes: [] },
    ]);
  });

  it('names the file and the fix for an unknown key, a verdict that contradicts the name, and a missing about', () => {
    const exercise = suite('bad-json', {
      'alt-extra': { 'case.json': { expect: 'pass', about: 'x', timing: true }, ...changed },
      'wrong-says-pass': { 'case.json': { expect: 'pass', about: 'x' }, ...changed },
      'alt-no-about': { 'case.json': { expect: 'pass' }, ...changed },
      'alt-maybe': { 'case.json': { expect: 'maybe', about: 'x' }, ...changed },
      'wrong-broken': { 'case.json': '{ "expect": ', ...changed },
      'wrong-no-json': changed,
    });
    const { cases, problems } = loadCaseSuite(exercise);
    expect(cases).toEqual([]);
    expect(problems).toEqual([
      `${exercise.file('alt-extra')}: unknown key "timing" — remove it; a case.json has only expect, about, removes`,
      `${exercise.file('alt-maybe')}: expect: expected "pass" or "fail", found "maybe" — alt-* cases pass, wrong-* cases fail`,
      `${exercise.file('alt-no-about')}: about: expected one sentence, found nothing — say what the fix does and why it is right or wrong`,
      expect.stringMatching(new RegExp(`^${escape(exercise.file('wrong-broken'))}: not valid JSON \\(.+\\) — fix the syntax`)),
      `${exercise.file('wrong-no-json')}: missing — write { "expect": "fail", "about": "what the fix does and why it must fail" }`,
      `${exercise.file('wrong-says-pass')}: expect: "pass" does not match the name — a wrong-* case must fail: write "fail", or rename the folder alt-says-pass`,
    ]);
  });

  it('refuses removes outside the starter or not in it, and a case that changes nothing', () => {
    const exercise = suite('bad-changes', {
      'wrong-removes-ghost': { 'case.json': { expect: 'fail', about: 'x', removes: ['ghost.js'] }, ...changed },
      'wrong-removes-parent': { 'case.json': { expect: 'fail', about: 'x', removes: ['../starter/server.js'] }, ...changed },
      'wrong-removes-and-changes': { 'case.json': { expect: 'fail', about: 'x', removes: ['server.js'] }, ...changed },
      'alt-empty': { 'case.json': { expect: 'pass', about: 'x' } },
      'alt-same-as-starter': { 'case.json': { expect: 'pass', about: 'x' }, 'server.js': STARTER['server.js'] },
    });
    const { problems } = loadCaseSuite(exercise);
    const dir = (name: string) => path.dirname(exercise.file(name));
    expect(problems).toEqual([
      `${dir('alt-empty')}/: has no files besides case.json, so it grades the starter — add the files of the fix that differ from starter/ (or list deleted ones in "removes")`,
      `${dir('alt-same-as-starter')}/: only has files identical to the starter's, so it grades the starter — add the files of the fix that differ from starter/ (or list deleted ones in "removes")`,
      `${exercise.file('wrong-removes-and-changes')}: removes: "server.js" is also a file of the case — either remove it or change it, not both`,
      `${exercise.file('wrong-removes-ghost')}: removes: "ghost.js" is not in starter/ — name a file or folder the starter has (relative to starter/), or drop the entry`,
      `${exercise.file('wrong-removes-parent')}: removes: "../starter/server.js" is not a path inside starter/ — write it relative to starter/, e.g. "config.js"`,
    ]);
  });

  it('names folders that are not cases, and a suite without alt-* or wrong-* cases or without cases/', () => {
    const exercise = suite('bad-names', { 'fix-one': { 'case.json': { expect: 'pass', about: 'x' }, ...changed } });
    write(path.join(exercise.dir, 'cases', 'notes.md'), 'notes');
    const cases = path.join(exercise.dir, 'cases');
    expect(loadCaseSuite(exercise).problems).toEqual([
      `${cases}/fix-one/: "fix-one" is not a case name — name it alt-<what> (a correct fix, must pass) or wrong-<what> (must fail), lowercase words joined by dashes`,
      `${cases}/notes.md: not a case folder — ${cases}/ holds only alt-*/ and wrong-*/ folders; move or delete the file`,
      `${cases}/: no alt-* case — add at least one: a correct fix written unlike the solution (must pass)`,
      `${cases}/: no wrong-* case — add at least one: a plausible wrong fix (must fail)`,
    ]);
    const none = suite('no-cases', {});
    expect(loadCaseSuite(none).problems).toEqual([
      `${path.join(none.dir, 'cases')}/: missing — add the case suite: alt-* folders (correct fixes, must pass) and wrong-* folders (wrong fixes, must fail), see docs/authoring.md, "Case suites"`,
    ]);
  });

  it('builds a working copy: the starter, the case files over it, the removes gone; cleanup removes it', () => {
    const exercise = loadExercise('cases-demo', FIXTURES);
    const inlined = loadCaseSuite(exercise).cases.find((graderCase) => graderCase.name === 'wrong-inlined-answer')!;
    const copy = caseWorkingCopy(exercise, inlined, root);
    expect(existsSync(path.join(copy.dir, 'answer.js'))).toBe(false);
    expect(existsSync(path.join(copy.dir, 'case.json'))).toBe(false);
    expect(readFileSync(path.join(copy.dir, 'server.js'), 'utf8')).toContain("res.end('42')");
    expect(readFileSync(path.join(copy.dir, 'package.json'), 'utf8')).toContain('"type": "module"');
    copy.cleanup();
    expect(existsSync(copy.dir)).toBe(false);
  });

  it('reports the examples new:exercise scaffolds as incomplete until they are replaced', () => {
    execFileSync(process.execPath, [path.join(REPO, 'scripts/new-exercise.ts'), 'scaffolded', '--exercises-dir', root]);
    const { cases, problems } = loadCaseSuite(loadExercise('scaffolded', root));
    expect(cases).toEqual([]);
    const file = (name: string) => path.join(root, 'scaffolded', 'cases', name, 'case.json');
    expect(problems).toEqual([
      `incomplete — ${file('alt-example')}: about still says TODO; describe the fix, and replace the example files`,
      `incomplete — ${file('wrong-example')}: about still says TODO; describe the fix, and replace the example files`,
    ]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
