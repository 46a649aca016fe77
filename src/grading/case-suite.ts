import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { displayPath, formatIssues, type Exercise } from './exercises.ts';

/**
 * An exercise's grader case suite (docs/authoring.md, "Case suites"): exercises/<id>/cases/<name>/ holds the
 * files of one independently written fix that differ from the starter, plus case.json with the verdict the
 * hidden tests must give it. alt-* cases are correct fixes (must pass), wrong-* cases are wrong ones (must fail).
 * This file finds and validates the cases and builds a case's working copy; verify-cases.ts grades them.
 */

export const CASES_FOLDER = 'cases';
export const CASE_FILE = 'case.json';
export const CASE_NAME = /^(alt|wrong)-[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const caseKeys = ['expect', 'about', 'removes'] as const;

export interface GraderCase {
  /** The folder name, e.g. "wrong-fallback-secret". */
  name: string;
  /** Absolute path of the case folder. */
  dir: string;
  expect: 'pass' | 'fail';
  about: string;
  /** Paths of the starter (files or folders) the fix deletes, relative to starter/. */
  removes: string[];
}

export interface CaseSuite {
  cases: GraderCase[];
  /** Everything wrong with the suite, each naming the file and the fix; the valid cases are still graded. */
  problems: string[];
}

const EXAMPLE = '{ "expect": "fail", "about": "what the fix does and why it must fail" }';

const caseSchema = z
  .object(
    {
      expect: z
        .enum(['pass', 'fail'], { error: (issue) => `expected "pass" or "fail", found ${shown(issue.input)} — alt-* cases pass, wrong-* cases fail` })
        .describe('The verdict the hidden tests must give: "pass" for alt-* cases, "fail" for wrong-* cases.'),
      about: z
        .string({ error: (issue) => `expected one sentence, found ${shown(issue.input)} — say what the fix does and why it is right or wrong` })
        .trim()
        .min(1, { error: 'is empty — say what the fix does and why it is right or wrong' })
        .describe('What the fix does and why it is right or wrong, for whoever reads a mismatch.'),
      removes: z
        .array(
          z.string({ error: (issue) => `expected a path, found ${shown(issue.input)} — write a path relative to starter/, e.g. "config.js"` }),
          { error: (issue) => `expected a list of paths, found ${shown(issue.input)} — write ["config.js"]` },
        )
        .optional()
        .describe('Files or folders of the starter that the fix deletes, relative to starter/.'),
    },
    {
      error: (issue) => {
        if (issue.code === 'unrecognized_keys') {
          const keys = (issue.keys ?? []).map((key) => `"${key}"`).join(', ');
          return `unknown key ${keys} — remove it; a case.json has only ${caseKeys.join(', ')}`;
        }
        return `expected an object, found ${shown(issue.input)} — write ${EXAMPLE}`;
      },
    },
  )
  .strict();

/** Finds and validates exercises/<id>/cases/. An exercise without the folder has a problem, not an empty suite. */
export function loadCaseSuite(exercise: Pick<Exercise, 'id' | 'dir' | 'meta'>): CaseSuite {
  const root = path.join(exercise.dir, CASES_FOLDER);
  const shownRoot = displayPath(root);
  if (!existsSync(root)) {
    return {
      cases: [],
      problems: [
        `${shownRoot}/: missing — add the case suite: alt-* folders (correct fixes, must pass) and wrong-* folders ` +
          '(wrong fixes, must fail), see docs/authoring.md, "Case suites"',
      ],
    };
  }
  const cases: GraderCase[] = [];
  const problems: string[] = [];
  const entries = readdirSync(root, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const where = `${shownRoot}/${entry.name}`;
    if (!entry.isDirectory()) {
      problems.push(`${where}: not a case folder — ${shownRoot}/ holds only alt-*/ and wrong-*/ folders; move or delete the file`);
    } else if (!CASE_NAME.test(entry.name)) {
      problems.push(`${where}/: "${entry.name}" is not a case name — name it alt-<what> (a correct fix, must pass) or wrong-<what> (must fail), lowercase words joined by dashes`);
    } else {
      const loaded = loadCase(path.join(root, entry.name), path.join(exercise.dir, 'starter'));
      if ('problems' in loaded) problems.push(...loaded.problems);
      else cases.push(loaded);
    }
  }
  for (const kind of ['alt', 'wrong'] as const) {
    if (!entries.some((entry) => entry.isDirectory() && entry.name.startsWith(`${kind}-`))) {
      const what = kind === 'alt' ? 'a correct fix written unlike the solution (must pass)' : 'a plausible wrong fix (must fail)';
      problems.push(`${shownRoot}/: no ${kind}-* case — add at least one: ${what}`);
    }
  }
  return { cases, problems };
}

function loadCase(dir: string, starter: string): GraderCase | { problems: string[] } {
  const name = path.basename(dir);
  const file = path.join(dir, CASE_FILE);
  const shownFile = displayPath(file);
  if (!existsSync(file)) return { problems: [`${shownFile}: missing — write ${EXAMPLE}`] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { problems: [`${shownFile}: not valid JSON (${(error as Error).message}) — fix the syntax; write ${EXAMPLE}`] };
  }
  const parsed = caseSchema.safeParse(raw);
  if (!parsed.success) return { problems: formatIssues(shownFile, parsed.error.issues) };
  const { expect, about, removes = [] } = parsed.data;
  const problems: string[] = [];
  const wanted = name.startsWith('alt-') ? 'pass' : 'fail';
  if (expect !== wanted) {
    const other = wanted === 'pass' ? 'wrong-' : 'alt-';
    problems.push(
      `${shownFile}: expect: "${expect}" does not match the name — a ${wanted === 'pass' ? 'alt-*' : 'wrong-*'} case must ${wanted}: ` +
        `write "${wanted}", or rename the folder ${other}${name.replace(/^(alt|wrong)-/, '')}`,
    );
  }
  if (/\bTODO\b/.test(about)) problems.push(`incomplete — ${shownFile}: about still says TODO; describe the fix, and replace the example files`);
  const overlay = overlayFiles(dir);
  for (const removed of removes) {
    const problem = removedProblem(removed, starter);
    if (problem) problems.push(`${shownFile}: removes: ${problem}`);
    else if (overlay.some((rel) => rel === removed || rel.startsWith(`${removed}/`))) {
      problems.push(`${shownFile}: removes: "${removed}" is also a file of the case — either remove it or change it, not both`);
    }
  }
  if (removes.length === 0 && overlay.every((rel) => sameAsStarter(path.join(dir, rel), path.join(starter, rel)))) {
    const what = overlay.length === 0 ? 'has no files besides case.json' : 'only has files identical to the starter\'s';
    problems.push(
      `${displayPath(dir)}/: ${what}, so it grades the starter — add the files of the fix that differ from starter/ (or list deleted ones in "removes")`,
    );
  }
  if (problems.length > 0) return { problems };
  return { name, dir, expect, about, removes };
}

/** The case's files (not case.json), relative to the case folder with "/". */
function overlayFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((rel) => rel !== CASE_FILE)
    .sort();
}

function removedProblem(removed: string, starter: string): string | undefined {
  if (!removed || path.isAbsolute(removed) || removed.split(/[\\/]/).includes('..')) {
    return `"${removed}" is not a path inside starter/ — write it relative to starter/, e.g. "config.js"`;
  }
  if (!existsSync(path.join(starter, removed))) {
    return `"${removed}" is not in starter/ — name a file or folder the starter has (relative to starter/), or drop the entry`;
  }
  return undefined;
}

function sameAsStarter(file: string, starterFile: string): boolean {
  try {
    return statSync(starterFile).isFile() && readFileSync(file).equals(readFileSync(starterFile));
  } catch {
    return false;
  }
}

/**
 * The case's working copy in a new temp folder: the starter, the case's files over it, then its removes deleted.
 * The caller removes the folder (cleanup()).
 */
export function caseWorkingCopy(exercise: Pick<Exercise, 'dir'>, graderCase: GraderCase, tmpRoot = tmpdir()): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpRoot, `case-${graderCase.name}-`));
  const dir = path.join(root, 'work');
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  try {
    cpSync(path.join(exercise.dir, 'starter'), dir, { recursive: true, verbatimSymlinks: true });
    cpSync(graderCase.dir, dir, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (from) => from !== path.join(graderCase.dir, CASE_FILE),
    });
    for (const removed of graderCase.removes) rmSync(path.join(dir, removed), { recursive: true, force: true });
  } catch (error) {
    cleanup();
    throw error;
  }
  return { dir, cleanup };
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 30 ? `${value.slice(0, 30)}…` : value}"`;
  return `a ${typeof value}`;
}
