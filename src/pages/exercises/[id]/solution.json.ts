/**
 * /exercises/<id>/solution.json — the reference solution, shown side by side with the learner's code.
 * With SOLUTIONS=never no page is generated, so the solution is not in the build output at all.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { readCourseConfig } from '../../../config/course-config.ts';
import { buildSolutionData } from '../../../workbench/data/build-exercise-data.ts';

export const getStaticPaths: GetStaticPaths = async () => {
  if (readCourseConfig().solutions === 'never') return [];
  return (await getCollection('exercises')).map((exercise) => ({ params: { id: exercise.id } }));
};

export const GET: APIRoute = ({ params }) => Response.json(buildSolutionData(String(params.id)));
