import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './content/lesson-schema.ts';
import { slugFromEntry } from './content/slugs.ts';
import { exerciseSchema } from './grading/exercise-schema.ts';

const lessons = defineCollection({
  loader: glob({ pattern: '*.{md,mdx}', base: './content', generateId: slugFromEntry('content') }),
  schema: lessonSchema,
});

// One entry per exercises/<id>/exercise.json; the folder name is the id.
const exercises = defineCollection({
  loader: glob({
    pattern: '[!_.]*/exercise.json',
    base: './exercises',
    generateId: ({ entry }) => entry.split('/')[0] ?? entry,
  }),
  schema: exerciseSchema,
});

export const collections = { lessons, exercises };
