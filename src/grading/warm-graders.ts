import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from './exercises.ts';
import { APP_PRELOADS_DIR, HARNESS_DIR, startGrader, type Grader, type GraderOptions } from './grader-process.ts';

/**
 * Graders started ahead of time, at most one per exercise, for the course server. Starting Node and loading the
 * kit and node:test is ≈ 0.15 s of a grade's 0.7–0.9 s on 2 cores; a learner who runs the tests again and again
 * on one exercise need not wait for it each time. A grade takes the exercise's spare if it is ready (one made
 * from the exercise's current files) and a new spare is started once that grade is over, so it never competes
 * with the grade for the CPU. A spare nobody takes ends after idleMs; close() ends them all.
 */
export interface WarmGraders {
  /** The exercise's spare, if one is ready and still matches the exercise's files; it is the caller's now. */
  take(exercise: Exercise): Grader | undefined;
  /** Starts a spare for the exercise unless one is ready. */
  refill(exercise: Exercise): void;
  close(): void;
}

interface Spare {
  grader: Grader;
  stamp: string;
  timer: NodeJS.Timeout;
}

export function createWarmGraders(options: GraderOptions & { idleMs?: number } = {}): WarmGraders {
  const idleMs = options.idleMs ?? 5 * 60_000;
  const spares = new Map<string, Spare>();
  let closed = false;

  const drop = (id: string) => {
    const spare = spares.get(id);
    if (!spare) return undefined;
    spares.delete(id);
    clearTimeout(spare.timer);
    return spare;
  };

  return {
    take(exercise) {
      const spare = drop(exercise.id);
      if (!spare) return undefined;
      if (spare.grader.alive && spare.stamp === filesStamp(exercise)) return spare.grader;
      spare.grader.discard();
      return undefined;
    },
    refill(exercise) {
      if (closed) return;
      if (spares.get(exercise.id)?.grader.alive) return;
      drop(exercise.id)?.grader.discard(); // one that died waiting
      let grader: Grader;
      try {
        grader = startGrader(exercise, options);
      } catch {
        return; // the next grade starts its own grader and reports what is wrong
      }
      const timer = setTimeout(() => drop(exercise.id)?.grader.discard(), idleMs);
      timer.unref();
      spares.set(exercise.id, { grader, stamp: filesStamp(exercise), timer });
    },
    close() {
      closed = true;
      for (const id of [...spares.keys()]) drop(id)?.grader.discard();
    },
  };
}

/**
 * What a spare was made from: the size and modification time of exercise.json, every hidden test file and the
 * harness. An author editing a test while the server runs gets a grader with the edit on the next grade.
 */
function filesStamp(exercise: Exercise): string {
  const files = [
    path.join(exercise.dir, 'exercise.json'),
    ...listFiles(path.join(exercise.dir, 'tests')),
    ...listFiles(HARNESS_DIR),
    ...listFiles(APP_PRELOADS_DIR),
  ];
  return files
    .map((file) => {
      try {
        const info = statSync(file);
        return `${file}:${info.size}:${info.mtimeMs}`;
      } catch {
        return `${file}:gone`;
      }
    })
    .join('\n');
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
  } catch {
    return [];
  }
}
