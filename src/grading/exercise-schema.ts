import { z } from 'zod';

/**
 * exercises/<id>/exercise.json — the metadata of one exercise (docs/authoring.md, "exercise.json").
 * Shared by the grader (src/grading/exercises.ts) and the site's content collection (src/content.config.ts),
 * so both report the same errors. Messages say what is wrong and how to fix it; the caller prefixes the file
 * and the field (e.g. `exercises/config/exercise.json: hints: expected 2–4 hints, found 1 — …`).
 */

export const exerciseKeys = ['title', 'factor', 'brief', 'main', 'timeouts', 'hints', 'criteria'] as const;
export const timeoutKeys = ['testMs', 'runMs'] as const;
export const criterionKeys = ['text', 'tests', 'timingSensitive'] as const;

const CRITERION_EXAMPLE = '{ "text": "When a variable is missing, the app refuses to start.", "tests": ["refuses to start when a variable is missing"] }';

export const DEFAULT_TEST_MS = 5000;
export const DEFAULT_RUN_MS = 20000;

const text = (what: string, fix: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `missing — ${fix}` : `expected ${what}, found ${kind(issue.input)} — ${fix}`) })
    .trim()
    .min(1, { error: `is empty — ${fix}` });

const milliseconds = (fallback: number, what: string) =>
  z
    .number({ error: (issue) => `expected a number of milliseconds, found ${kind(issue.input)} — use e.g. ${fallback}` })
    .int({ error: `expected whole milliseconds — use e.g. ${fallback}` })
    .min(100, { error: `is below 100 ms — ${what} needs at least 100 (default ${fallback})` })
    .max(120_000, { error: `is above 120000 ms — keep ${what} at two minutes or less (default ${fallback})` })
    .default(fallback);

const hint = z
  .string({ error: (issue) => `expected each hint to be a string, found ${kind(issue.input)} — write the hint as text` })
  .trim()
  .min(1, { error: 'a hint is empty — write the nudge or remove the entry' });

const testName = z
  .string({ error: (issue) => `expected each test name to be a string, found ${kind(issue.input)} — copy the name as declared with check()` })
  .min(1, { error: 'a test name is empty — copy the name as declared with check(), or remove the entry' })
  .refine((name) => name === name.trim(), { error: 'a test name has spaces at its start or end — copy it exactly as declared with check()' });

const criterion = z
  .object(
    {
      text: text('a sentence', 'write one "Fixed means" sentence of the brief, as the learner should read it').describe(
        'One "Fixed means" sentence of the brief, shown as a line of the checklist.',
      ),
      tests: z
        .array(testName, { error: (issue) => `expected a list of test names, found ${kind(issue.input)} — write ["<name as declared with check()>"]` })
        .min(1, { error: 'is empty — name the hidden test(s) that check this sentence; a sentence no test checks needs a test' })
        .refine((names) => new Set(names).size === names.length, { error: 'names a test twice — list each test once' })
        .describe('The exact names of the hidden tests that check this sentence (as declared with check()).'),
      timingSensitive: z
        .boolean({ error: (issue) => `expected true or false, found ${kind(issue.input)} — write true, or leave the key out` })
        .optional()
        .describe(
          'true when these tests depend on timing (races, start-up windows, signals): `npm run verify -- --cases` then ' +
            'grades every case of the exercise three times.',
        ),
    },
    { error: (issue) => objectMessage(issue, criterionKeys, CRITERION_EXAMPLE) },
  )
  .strict();

export const exerciseSchema = z
  .object(
    {
      title: text('a title', 'give a short title, shown above the workbench').describe(
        'Shown above the workbench, e.g. "Move the secrets out of the code".',
      ),
      factor: z
        .number({ error: (issue) => `expected 1–12 or null, found ${kind(issue.input)} — use the factor number, or null for the capstone` })
        .int({ error: 'expected a whole number — use the factor number 1–12, or null for the capstone' })
        .min(1, { error: 'expected 1–12 — use the factor number, or null for the capstone' })
        .max(12, { error: 'expected 1–12 — use the factor number, or null for the capstone' })
        .nullable()
        .describe('The factor the exercise teaches, 1–12, or null for the capstone.'),
      brief: text('one paragraph', 'write one paragraph: what the service does, what is broken, what fixed means').describe(
        'One paragraph of plain text for the learner: what the service does, what is broken, what fixed means.',
      ),
      main: text('a file name', 'name the file `node` runs to start the app, e.g. "server.js"')
        .refine((file) => !file.startsWith('/') && !file.split(/[\\/]/).includes('..'), {
          error: 'must be a path inside the learner\'s folder — use a relative path such as "server.js"',
        })
        .describe('The file `node` runs to start the app, relative to the learner\'s folder, e.g. "server.js".'),
      timeouts: z
        .object(
          {
            testMs: milliseconds(DEFAULT_TEST_MS, 'each test').describe('Limit for each test in milliseconds (default 5000).'),
            runMs: milliseconds(DEFAULT_RUN_MS, 'the whole run').describe(
              'Limit for the whole grading run in milliseconds (default 20000).',
            ),
          },
          { error: (issue) => objectMessage(issue, timeoutKeys, '{ "testMs": 5000, "runMs": 20000 }') },
        )
        .strict()
        .default({ testMs: DEFAULT_TEST_MS, runMs: DEFAULT_RUN_MS })
        .describe('Time limits; omit for the defaults (5000 ms per test, 20000 ms per run).'),
      hints: z
        .array(hint, { error: (issue) => `expected a list of 2–4 hints, found ${kind(issue.input)} — write ["a nudge", "a stronger nudge"]` })
        .min(2, { error: (issue) => `expected 2–4 hints, found ${count(issue.input)} — add a hint that nudges further` })
        .max(4, { error: (issue) => `expected 2–4 hints, found ${count(issue.input)} — merge or drop hints to keep at most 4` })
        .describe('2–4 progressive hints, from a nudge to nearly the answer; never the answer itself.'),
      criteria: z
        .array(criterion, { error: (issue) => `expected a list of criteria, found ${kind(issue.input)} — write [${CRITERION_EXAMPLE}]` })
        .min(1, { error: `is empty — add one entry per "Fixed means" sentence of the brief, e.g. ${CRITERION_EXAMPLE}` })
        .optional()
        .describe(
          'The brief\'s "Fixed means" sentences, each with the hidden tests that check it; the workbench shows them as a ' +
            'checklist. `npm run verify` requires it and checks that every test belongs to exactly one criterion.',
        ),
    },
    { error: (issue) => objectMessage(issue, exerciseKeys, 'an object like the example in docs/authoring.md') },
  )
  .strict()
  .describe('Metadata of one exercise; the id is the folder name.');

export type ExerciseMeta = z.infer<typeof exerciseSchema>;
export type Criterion = z.infer<typeof criterion>;

/** What was found, in words an author recognises ("a string", "null", "nothing"). */
function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text "${value.length > 30 ? `${value.slice(0, 30)}…` : value}"`;
  return `a ${typeof value}`;
}

function count(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function objectMessage(issue: { code?: string; keys?: string[]; input?: unknown }, allowed: readonly string[], example: string) {
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue.keys ?? []).map((key) => `"${key}"`).join(', ');
    const plural = (issue.keys ?? []).length > 1 ? 'keys' : 'key';
    return `unknown ${plural} ${keys} — remove it or use one of the allowed keys: ${allowed.join(', ')}`;
  }
  if (issue.code === 'invalid_type') return `expected an object, found ${kind(issue.input)} — write ${example}`;
  return undefined;
}
