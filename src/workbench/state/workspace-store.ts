/**
 * What the workbench saves per course and exercise, through src/scripts/course-store.ts (which namespaces
 * every key as `tfl:<COURSE_ID>:` and falls back to memory with a visible warning). Keys, documented in
 * docs/workbench.md:
 *   workbench:<exercise>:files     { version, files, savedAt }   the learner's working copy
 *   workbench:<exercise>:progress  { version, hintsShown, passed, lastResult, env, open, active }
 *   workbench:<exercise>:backup    { version, files, savedAt, reason }   the copy before the last Reset/Import
 * Whatever is read back is checked: a damaged entry is ignored, never trusted.
 */
import { readJSON, removeJSON, writeJSON } from '../../scripts/course-store.ts';
import { filesProblem } from '../files/paths.ts';
import { isGradeResult } from '../sandbox/grade-output.ts';
import type { FileMap, GradeResult } from '../types.ts';

export interface Progress {
  version: 1;
  /** How many hints have been revealed (they are progressive). */
  hintsShown: number;
  /** Ever passed: the lesson stays complete even if the code is changed afterwards. */
  passed: boolean;
  lastResult: GradeResult | null;
  /** "Environment for Run", as the learner typed it (NAME=value lines). */
  env: string;
  /** Open tabs and the active one. */
  open: string[];
  active: string | null;
}

export interface Backup {
  version: 1;
  files: FileMap;
  savedAt: string;
  reason: 'reset' | 'import';
}

export const EMPTY_PROGRESS: Progress = { version: 1, hintsShown: 0, passed: false, lastResult: null, env: '', open: [], active: null };

export interface WorkspaceStore {
  loadFiles(): FileMap | undefined;
  saveFiles(files: FileMap): void;
  loadProgress(): Progress;
  saveProgress(progress: Progress): void;
  loadBackup(): Backup | undefined;
  saveBackup(files: FileMap, reason: Backup['reason']): void;
  dropBackup(): void;
}

function validFiles(value: unknown): value is FileMap {
  return filesProblem(value) === undefined;
}

export function workspaceStore(exerciseId: string): WorkspaceStore {
  const name = (part: string) => `workbench:${exerciseId}:${part}`;
  return {
    loadFiles() {
      const saved = readJSON<{ version?: number; files?: unknown } | null>(name('files'), null);
      return saved?.version === 1 && validFiles(saved.files) ? saved.files : undefined;
    },
    saveFiles(files) {
      writeJSON(name('files'), { version: 1, files, savedAt: new Date().toISOString() });
    },
    loadProgress() {
      const saved = readJSON<Partial<Progress> | null>(name('progress'), null);
      if (saved?.version !== 1) return { ...EMPTY_PROGRESS };
      return {
        version: 1,
        hintsShown: Number.isInteger(saved.hintsShown) && (saved.hintsShown ?? 0) >= 0 ? (saved.hintsShown as number) : 0,
        passed: saved.passed === true,
        lastResult: isGradeResult(saved.lastResult) ? saved.lastResult : null,
        env: typeof saved.env === 'string' ? saved.env : '',
        open: Array.isArray(saved.open) ? saved.open.filter((p): p is string => typeof p === 'string') : [],
        active: typeof saved.active === 'string' ? saved.active : null,
      };
    },
    saveProgress(progress) {
      writeJSON(name('progress'), progress);
    },
    loadBackup() {
      const saved = readJSON<Partial<Backup> | null>(name('backup'), null);
      return saved?.version === 1 && validFiles(saved.files) ? (saved as Backup) : undefined;
    },
    saveBackup(files, reason) {
      writeJSON(name('backup'), { version: 1, files, savedAt: new Date().toISOString(), reason } satisfies Backup);
    },
    dropBackup() {
      removeJSON(name('backup'));
    },
  };
}
