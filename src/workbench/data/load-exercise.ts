/** Fetches the build-time exercise data (src/pages/exercises/), always under the site's BASE_PATH. */
import type { ExerciseData, GradingBundle, SolutionData } from '../types.ts';

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export function exerciseUrls(base: string, id: string) {
  const root = `${base}exercises/`;
  return { data: `${root}${id}.json`, grading: `${root}${id}/grading.json`, solution: `${root}${id}/solution.json` };
}

export const loadExerciseData = (base: string, id: string) => fetchJson<ExerciseData>(exerciseUrls(base, id).data);
export const loadGradingBundle = (base: string, id: string) => fetchJson<GradingBundle>(exerciseUrls(base, id).grading);
export const loadSolution = (base: string, id: string) => fetchJson<SolutionData>(exerciseUrls(base, id).solution);
