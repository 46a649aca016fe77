/**
 * "Download my work" and its import: the learner's files and their last result, in the submission format
 * instructors feed to `npm run regrade` (schema: src/grading/submission.ts; a unit test holds the two
 * together without shipping zod to the browser). regrade ignores `result` and grades `files` again.
 */
import { filesProblem } from '../files/paths.ts';
import { isGradeResult } from '../sandbox/grade-output.ts';
import type { FileMap, GradeResult } from '../types.ts';

export const SUBMISSION_FORMAT = 'twelve-factor-lab/submission';

export interface ExerciseWork {
  files: FileMap;
  /** The learner's last result, for their own records; never trusted by graders. */
  result?: GradeResult;
}

export interface Submission {
  format: typeof SUBMISSION_FORMAT;
  version: 1;
  courseId: string;
  exportedAt: string;
  exercises: Record<string, ExerciseWork>;
}

export function makeSubmission(courseId: string, exercise: string, files: FileMap, result: GradeResult | null): Submission {
  const work: ExerciseWork = result ? { files, result } : { files };
  return { format: SUBMISSION_FORMAT, version: 1, courseId, exportedAt: new Date().toISOString(), exercises: { [exercise]: work } };
}

/** Offers the submission as a file download (no server involved; works with the sandbox down). */
export function downloadSubmission(submission: Submission): void {
  const blob = new Blob([`${JSON.stringify(submission, null, 2)}\n`], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  const exercises = Object.keys(submission.exercises).join('+');
  link.download = `${submission.courseId}-${exercises}-${submission.exportedAt.slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** The files of an imported submission, or a sentence saying why it cannot be used here. */
export function readSubmission(text: string, exercise: string): { files: FileMap; result: GradeResult | null } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'That file is not JSON. Choose a file saved with “Download my work”.' };
  }
  const s = value as Partial<Submission> | null;
  if (s?.format !== SUBMISSION_FORMAT || s.version !== 1 || typeof s.exercises !== 'object' || s.exercises === null) {
    return { error: 'That file was not saved with “Download my work”.' };
  }
  const work = s.exercises[exercise];
  if (!work) {
    const held = Object.keys(s.exercises).map((id) => `“${id}”`).join(', ') || 'no exercise';
    return { error: `That file holds work for ${held}, not this exercise.` };
  }
  const problem = filesProblem(work.files);
  if (problem) return { error: `That file cannot be imported: ${problem.message}.` };
  return { files: work.files, result: isGradeResult(work.result) ? work.result : null };
}
