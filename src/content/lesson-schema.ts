import { existsSync } from 'node:fs';
import { z } from 'zod';

/**
 * Frontmatter of a lesson (content/<slug>.mdx). Strict: an unknown key is a typo, not a feature.
 * Messages say what is wrong and how to fix it; Astro prefixes them with the file and the field.
 */

const quizOption = z.strictObject(
  {
    text: z.string().min(1).describe('The answer as the learner sees it.'),
    correct: z.boolean().optional().describe('true on exactly one option of each question.'),
    explain: z
      .string({ error: 'every option needs an `explain`: say why it is right or wrong' })
      .min(1)
      .describe('Shown after answering: why this option is right or wrong.'),
  },
  { error: (issue) => unknownKeyMessage(issue, ['text', 'correct', 'explain']) },
);

const quizQuestion = z
  .strictObject(
    {
      question: z.string().min(1).describe('The question, one sentence.'),
      code: z.string().optional().describe('Optional code the question is about.'),
      lang: z.string().optional().describe('Language of `code` for highlighting, e.g. js, python, yaml.'),
      options: z.array(quizOption).min(2).max(5).describe('2–5 options, exactly one of them correct.'),
    },
    { error: (issue) => unknownKeyMessage(issue, ['question', 'code', 'lang', 'options']) },
  )
  .refine((q) => q.options.filter((o) => o.correct === true).length === 1, {
    message: 'mark exactly one option with `correct: true`',
    path: ['options'],
  })
  .refine((q) => q.code === undefined || q.lang !== undefined, {
    message: 'a question with `code` needs `lang` (e.g. js, python) so it can be highlighted',
    path: ['lang'],
  });

export const lessonKeys = [
  'title', 'order', 'factor', 'principle', 'summary', 'exercise', 'related', 'checklist', 'quiz',
] as const;

export const lessonSchema = z.strictObject(
  {
    title: z.string().min(1).describe('Page and sidebar title, e.g. "Config".'),
    order: z.number().int().positive().describe('Position in the sidebar and previous/next; unique.'),
    factor: z.number().int().min(1).max(12).optional().describe('Factor number 1–12; omit for other lessons.'),
    principle: z.string().min(1).max(120).optional().describe('The principle in one line, for the home grid.'),
    summary: z.string().min(1).describe('One sentence for the page description and link previews.'),
    exercise: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'use an exercise folder name such as `config`')
      .refine((id) => existsSync(`exercises/${id}/exercise.json`), {
        error: (issue) =>
          `no exercise "${String(issue.input)}": create exercises/${String(issue.input)}/exercise.json ` +
          '(npm run new:exercise -- <id>) or remove the `exercise` field',
      })
      .optional()
      .describe('Id of the exercise folder the lesson embeds.'),
    related: z.array(z.string()).default([]).describe('Slugs of lessons this one interacts with.'),
    checklist: z
      .strictObject({
        question: z.string().min(1).describe('A yes/no question about the learner\'s own service.'),
        failure: z.string().min(1).describe('The most common way services fail it.'),
      })
      .optional()
      .describe('This factor\'s row on the /checklist/ page.'),
    quiz: z.array(quizQuestion).max(4).default([]).describe('2–4 multiple-choice questions.'),
  },
  { error: (issue) => unknownKeyMessage(issue, lessonKeys) },
);

export type LessonFrontmatter = z.infer<typeof lessonSchema>;

function unknownKeyMessage(issue: { code?: string; keys?: string[] }, allowed: readonly string[]) {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const keys = (issue.keys ?? []).map((k) => `"${k}"`).join(', ');
  return `unknown key ${keys}: remove it or use one of ${allowed.join(', ')}`;
}
