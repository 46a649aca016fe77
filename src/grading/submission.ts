import { z } from 'zod';
import { filesProblem } from '../workbench/files/paths.ts';
import { gradeResultSchema } from './grade-result.ts';

/**
 * A learner's exported work ("Download my work" in the workbench): what `regrade` re-grades. The results
 * inside are what the learner's browser reported; they are never trusted, only compared with a fresh grade.
 */
// The same path and size rules as the workbench and the grading API: one definition of a learner file.
const exerciseWork = z.strictObject({
  files: z
    .record(z.string(), z.string())
    .superRefine((files, ctx) => {
      const problem = filesProblem(files);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.message });
    })
    .describe('The learner\'s working copy: relative path → UTF-8 text.'),
  result: gradeResultSchema.optional().describe('The last result the learner saw (self-reported, not trusted).'),
});

export const submissionSchema = z.strictObject({
  format: z.literal('twelve-factor-lab/submission').describe('Marks the file as a submission.'),
  version: z.literal(1),
  courseId: z.string().min(1).describe('COURSE_ID of the course the work was done in.'),
  learner: z.string().max(200).optional().describe('Who the learner says they are (free text).'),
  exportedAt: z.string().describe('ISO timestamp of the export.'),
  exercises: z.record(z.string().regex(/^[a-z0-9-]+$/), exerciseWork).describe('Exercise id → work.'),
});

export type Submission = z.infer<typeof submissionSchema>;

/** Parses a submission file's text; the error names the field, for a report by file. */
export function parseSubmission(text: string): { ok: true; submission: Submission } | { ok: false; reason: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  const parsed = submissionSchema.safeParse(data);
  if (parsed.success) return { ok: true, submission: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, reason: `${fieldPath(issue.path) || '(top level)'}: ${issue.message}` };
}

/** exercises.config.files["../x"]: plain names joined with dots, anything else quoted in brackets. */
function fieldPath(parts: readonly PropertyKey[]): string {
  return parts
    .map((p, i) => (typeof p === 'string' && /^[A-Za-z_][\w-]*$/.test(p) ? `${i === 0 ? '' : '.'}${p}` : `[${JSON.stringify(String(p))}]`))
    .join('');
}
