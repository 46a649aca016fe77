import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exerciseSchema } from '../../../src/grading/exercise-schema.ts';
import { declaredTestNames, ExerciseError, listExerciseIds, loadExercise } from '../../../src/grading/exercises.ts';
import { tempDir } from './helpers.ts';

const root = tempDir('exercise-schema');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const valid = {
  title: 'Move the secrets out of the code',
  factor: 3,
  brief: 'One paragraph.',
  main: 'server.js',
  hints: ['a nudge', 'a stronger nudge'],
};

/** Writes exercises/<id>/ with the given exercise.json text and, unless told otherwise, the three folders. */
function exercise(id: string, json: unknown, options: { folders?: string[]; testFile?: boolean } = {}): string {
  const dir = path.join(root, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'exercise.json'), typeof json === 'string' ? json : JSON.stringify(json));
  for (const folder of options.folders ?? ['starter', 'solution', 'tests']) mkdirSync(path.join(dir, folder), { recursive: true });
  if (options.testFile !== false && existsFolder(options.folders, 'tests')) writeFileSync(path.join(dir, 'tests', 'a.test.mjs'), '');
  if (existsFolder(options.folders, 'starter')) writeFileSync(path.join(dir, 'starter', 'server.js'), '');
  return path.join(dir, 'exercise.json');
}

function existsFolder(folders: string[] | undefined, name: string) {
  return (folders ?? ['starter', 'solution', 'tests']).includes(name);
}

function problems(id: string): string[] {
  try {
    loadExercise(id, root);
  } catch (error) {
    expect(error).toBeInstanceOf(ExerciseError);
    return (error as ExerciseError).problems;
  }
  throw new Error(`expected ${id} to be invalid`);
}

describe('exercise.json validation', () => {
  it('accepts a valid exercise and fills in the default timeouts', () => {
    exercise('valid', valid);
    const loaded = loadExercise('valid', root);
    expect(loaded.meta.timeouts).toEqual({ testMs: 5000, runMs: 20000 });
    expect(loaded.testFiles).toEqual(['a.test.mjs']);
  });

  it('names the file, the field, what is wrong and the fix', () => {
    const file = exercise('one-hint', { ...valid, hints: ['only one'] });
    expect(problems('one-hint')).toEqual([`${file}: hints: expected 2–4 hints, found 1 — add a hint that nudges further`]);
  });

  it('names an unknown key and lists the allowed keys', () => {
    const file = exercise('extra-key', { ...valid, difficulty: 'easy' });
    expect(problems('extra-key')).toEqual([
      `${file}: unknown key "difficulty" — remove it or use one of the allowed keys: title, factor, brief, main, timeouts, hints, criteria`,
    ]);
  });

  it('reports every broken field at once, each with a fix', () => {
    const file = exercise('many', { ...valid, title: '', factor: 13, hints: ['a', ' '], timeouts: { testMs: 'fast' } });
    expect(problems('many')).toEqual([
      `${file}: title: is empty — give a short title, shown above the workbench`,
      `${file}: factor: expected 1–12 — use the factor number, or null for the capstone`,
      `${file}: timeouts.testMs: expected a number of milliseconds, found the text "fast" — use e.g. 5000`,
      `${file}: hints[1]: a hint is empty — write the nudge or remove the entry`,
    ]);
  });

  it('says when a required field is missing and when hints are not a list', () => {
    const { title: _title, ...noTitle } = valid;
    const file = exercise('missing', { ...noTitle, hints: 'one' });
    expect(problems('missing')).toEqual([
      `${file}: title: missing — give a short title, shown above the workbench`,
      `${file}: hints: expected a list of 2–4 hints, found the text "one" — write ["a nudge", "a stronger nudge"]`,
    ]);
  });

  it('reports invalid JSON with the file path', () => {
    const file = exercise('bad-json', '{ "title": ');
    const [problem] = problems('bad-json');
    expect(problem).toMatch(new RegExp(`^${escape(file)}: not valid JSON \\(.+\\) — fix the syntax`));
  });

  it('requires starter/, solution/ and tests/ with at least one *.test.mjs', () => {
    const file = exercise('no-folders', valid, { folders: ['starter'] });
    const dir = path.dirname(file);
    expect(problems('no-folders')).toEqual([
      `${dir}/solution/: missing — create the folder (see docs/authoring.md, "An exercise")`,
      `${dir}/tests/: missing — create the folder (see docs/authoring.md, "An exercise")`,
    ]);
    exercise('no-tests', valid, { testFile: false });
    expect(problems('no-tests')).toEqual([
      `${path.join(root, 'no-tests')}/tests/: no *.test.mjs file — add at least one hidden test file, e.g. tests/no-tests.test.mjs`,
    ]);
  });

  it('says when main is not in starter/', () => {
    exercise('wrong-main', { ...valid, main: 'app.js' });
    expect(problems('wrong-main')).toEqual([
      `${path.join(root, 'wrong-main')}/exercise.json: main: "app.js" does not exist in starter/ — name the file that starts the app`,
    ]);
  });

  it('lists exercise folders, skipping _drafts, .hidden ones and folders without exercise.json', () => {
    const dir = tempDir('exercise-list');
    for (const name of ['b-one', 'a-two', '_draft', '.hidden', 'no-json']) mkdirSync(path.join(dir, name));
    for (const name of ['b-one', 'a-two', '_draft', '.hidden']) writeFileSync(path.join(dir, name, 'exercise.json'), '{}');
    expect(listExerciseIds(dir)).toEqual(['a-two', 'b-one']);
    rmSync(dir, { recursive: true });
  });

  it('describes every field (the content collection and editors show these)', () => {
    for (const [key, field] of Object.entries(exerciseSchema.shape)) {
      expect(field.description, key).toBeTruthy();
    }
  });

  it('checks the shape of criteria: sentences, each with the exact names of its tests, and an optional timing flag', () => {
    const file = exercise('bad-criteria', {
      ...valid,
      criteria: [
        { text: '', tests: ['a'] },
        { text: 'Two.', tests: [] },
        { text: 'Three.', tests: ['b', 'b'], timingSensitive: 'yes' },
        { text: 'Four.', tests: [' c'], why: 'x' },
        'Five.',
      ],
    });
    expect(problems('bad-criteria')).toEqual([
      `${file}: criteria[0].text: is empty — write one "Fixed means" sentence of the brief, as the learner should read it`,
      `${file}: criteria[1].tests: is empty — name the hidden test(s) that check this sentence; a sentence no test checks needs a test`,
      `${file}: criteria[2].tests: names a test twice — list each test once`,
      `${file}: criteria[2].timingSensitive: expected true or false, found the text "yes" — write true, or leave the key out`,
      `${file}: criteria[3].tests[0]: a test name has spaces at its start or end — copy it exactly as declared with check()`,
      `${file}: criteria[3]: unknown key "why" — remove it or use one of the allowed keys: text, tests, timingSensitive`,
      `${file}: criteria[4]: expected an object, found the text "Five." — write { "text": "When a variable is missing, the app refuses to start.", "tests": ["refuses to start when a variable is missing"] }`,
    ]);
    exercise('no-criteria-list', { ...valid, criteria: [] });
    expect(problems('no-criteria-list')[0]).toMatch(/criteria: is empty — add one entry per "Fixed means" sentence of the brief/);
  });

  it('declares the union of the criteria\'s tests, each once, in criteria order; none without criteria', () => {
    const criteria = [
      { text: 'One.', tests: ['b', 'a'] },
      { text: 'Two.', tests: ['c'], timingSensitive: true },
    ];
    exercise('declared', { ...valid, criteria });
    expect(declaredTestNames(loadExercise('declared', root))).toEqual(['b', 'a', 'c']);
    exercise('undeclared', valid);
    expect(declaredTestNames(loadExercise('undeclared', root))).toBeUndefined();
  });

  it('gives every exercise of the course criteria that declare its tests', () => {
    for (const id of listExerciseIds()) expect(declaredTestNames(loadExercise(id))?.length, id).toBeGreaterThanOrEqual(3);
  });

  it('accepts the exemplar exercise', () => {
    expect(loadExercise('config').meta.factor).toBe(3);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
