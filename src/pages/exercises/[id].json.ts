/**
 * /exercises/<id>.json — starter files, hints and settings for the workbench, generated at build time from
 * exercises/<id>/. Hidden tests live in ./[id]/grading.json, the reference in ./[id]/solution.json.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { readCourseConfig } from '../../config/course-config.ts';
import { buildExerciseData } from '../../workbench/data/build-exercise-data.ts';

export const getStaticPaths: GetStaticPaths = async () =>
  (await getCollection('exercises')).map((exercise) => ({ params: { id: exercise.id } }));

export const GET: APIRoute = ({ params }) =>
  Response.json(buildExerciseData(String(params.id), readCourseConfig().solutions));
