/**
 * /exercises/<id>/grading.json — the hidden tests and the grading harness, for the in-browser sandbox only.
 * "Hidden" means not shown in the workbench, not secret: trusted grades come from `npm run regrade`.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { buildGradingBundle } from '../../../workbench/data/build-exercise-data.ts';

export const getStaticPaths: GetStaticPaths = async () =>
  (await getCollection('exercises')).map((exercise) => ({ params: { id: exercise.id } }));

export const GET: APIRoute = ({ params }) => Response.json(buildGradingBundle(String(params.id)));
