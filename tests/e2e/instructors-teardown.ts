import { rmSync } from 'node:fs';
import path from 'node:path';
import { COURSE_COPY, COURSE_COPY_PREFIX } from './instructors-course-copy.ts';

/** Removes this run's course copy (tests/e2e/instructors-course-copy.ts) once every test is done. */
export default function removeCourseCopy(): void {
  // Only a folder this run made; never one someone pointed E2E_COURSE_COPY_DIR at.
  if (path.basename(COURSE_COPY.dir).startsWith(COURSE_COPY_PREFIX)) rmSync(COURSE_COPY.dir, { recursive: true, force: true });
}
