/**
 * Data shared by the workbench, the build-time exercise endpoints and the server API.
 * Plain types only: this file is imported by browser code, Node code and tests alike.
 */
import type { GradeResult } from '../grading/grade-result.ts';

export type { GradeResult, GradeStatus, TestResult } from '../grading/grade-result.ts';

/** A learner's working copy: relative POSIX path → UTF-8 text. Never contains hidden tests. */
export type FileMap = Record<string, string>;

/** /exercises/<id>.json — what the workbench needs to show and run an exercise. */
export interface ExerciseData {
  id: string;
  title: string;
  /** The file `node` runs to start the app, e.g. "server.js". */
  main: string;
  timeouts: { testMs: number; runMs: number };
  /** Progressive hints, shown one at a time. */
  hints: string[];
  starter: FileMap;
  /** Whether /exercises/<id>/solution.json exists in this build (SOLUTIONS ≠ never). */
  solutions: 'always' | 'after-pass' | 'never';
}

/**
 * /exercises/<id>/grading.json — the hidden tests and the harness, laid out exactly as the local runner does
 * (paths relative to the learner's folder, all under `.grading/`). Fetched only by the in-browser sandbox.
 */
export interface GradingBundle {
  files: FileMap;
}

/** /exercises/<id>/solution.json — only built when SOLUTIONS allows it. */
export interface SolutionData {
  files: FileMap;
}

/** The subset of a GradeResult the workbench keeps per exercise. */
export type StoredResult = GradeResult;
