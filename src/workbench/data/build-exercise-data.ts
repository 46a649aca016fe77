/**
 * Build time (Node) only: turns exercises/<id>/ into the JSON the workbench fetches. Used by the Astro
 * endpoints in src/pages/exercises/ and by the unit tests, so the browser sees exactly what the tests saw.
 * The grading bundle mirrors src/grading/grader-process.ts: harness files (isHarnessFile), the apps' preloads
 * (isAppPreloadFile) and tests/ under .grading/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SolutionsPolicy } from '../../config/course-config.ts';
import { loadExercise } from '../../grading/exercises.ts';
import { isAppPreloadFile, isHarnessFile } from '../../grading/harness-files.ts';
import { sortPaths } from '../files/paths.ts';
import type { ExerciseData, FileMap, GradingBundle, SolutionData } from '../types.ts';

/**
 * Where exercises and the harness live. Not src/grading's import.meta.url-based defaults: inside Astro's build
 * those modules are bundled into dist/.prerender/, where a relative URL points nowhere. Astro builds from the
 * project root (its content loaders read ./exercises the same way), so the root is the working directory.
 */
export const PROJECT_PATHS = {
  exercises: path.resolve('exercises'),
  harness: path.resolve('src/grading/harness'),
  appPreloads: path.resolve('src/grading/app-preloads'),
};

const SKIPPED = new Set(['node_modules', '.git', '.grading', '.DS_Store']);

/** Every text file under `dir`, keyed by POSIX path relative to it, in file-tree order. */
export function readTextFiles(dir: string, prefix = ''): FileMap {
  const files: FileMap = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory()) Object.assign(files, readTextFiles(full, `${rel}/`));
    else if (entry.isFile()) {
      const bytes = readFileSync(full);
      // The editor handles text only; a binary file in an exercise would be an authoring mistake.
      if (bytes.includes(0)) throw new Error(`${full}: binary files are not supported in exercises — use text files`);
      files[rel] = bytes.toString('utf8');
    }
  }
  return Object.fromEntries(sortPaths(Object.keys(files)).map((key) => [key, files[key] ?? '']));
}

export function buildExerciseData(id: string, solutions: SolutionsPolicy, exercisesDir = PROJECT_PATHS.exercises): ExerciseData {
  const exercise = loadExercise(id, exercisesDir);
  const { title, main, timeouts, hints } = exercise.meta;
  return { id, title, main, timeouts, hints, starter: readTextFiles(path.join(exercise.dir, 'starter')), solutions };
}

export function buildGradingBundle(
  id: string,
  exercisesDir = PROJECT_PATHS.exercises,
  harnessDir = PROJECT_PATHS.harness,
  appPreloadsDir = PROJECT_PATHS.appPreloads,
): GradingBundle {
  const exercise = loadExercise(id, exercisesDir);
  const files: FileMap = {};
  for (const name of readdirSync(harnessDir).filter(isHarnessFile).sort()) {
    files[`.grading/${name}`] = readFileSync(path.join(harnessDir, name), 'utf8');
  }
  for (const name of readdirSync(appPreloadsDir).filter(isAppPreloadFile).sort()) {
    files[`.grading/${name}`] = readFileSync(path.join(appPreloadsDir, name), 'utf8');
  }
  for (const [rel, text] of Object.entries(readTextFiles(path.join(exercise.dir, 'tests')))) files[`.grading/tests/${rel}`] = text;
  const { main, timeouts } = exercise.meta;
  files['.grading/exercise.json'] = JSON.stringify({ id, main, timeouts });
  return { files };
}

export function buildSolutionData(id: string, exercisesDir = PROJECT_PATHS.exercises): SolutionData {
  const exercise = loadExercise(id, exercisesDir);
  return { files: readTextFiles(path.join(exercise.dir, 'solution')) };
}
