/**
 * The settings a build bakes into its pages, recorded beside the build (`<outDir>/.course-build.json`) so that
 * `npm start` can tell whether an existing build still matches the environment it is started with.
 */
import type { CourseConfig } from './course-config.ts';

export const BUILD_STAMP_FILE = '.course-build.json';

/** Build-time settings by their environment variable names: what an operator would compare by eye. */
export type BuildSettings = Record<'COURSE_TITLE' | 'COURSE_ID' | 'SITE_URL' | 'BASE_PATH' | 'SOLUTIONS' | 'SANDBOX', string>;

export interface BuildStamp {
  format: 'twelve-factor-lab/build';
  version: 1;
  settings: BuildSettings;
}

export function buildSettings(course: CourseConfig): BuildSettings {
  return {
    COURSE_TITLE: course.title,
    COURSE_ID: course.courseId,
    SITE_URL: course.siteUrl ?? '',
    BASE_PATH: course.basePath,
    SOLUTIONS: course.solutions,
    SANDBOX: course.sandbox,
  };
}

export function buildStamp(course: CourseConfig): BuildStamp {
  return { format: 'twelve-factor-lab/build', version: 1, settings: buildSettings(course) };
}

export type BuildCheck =
  | { rebuild: true; reason: string }
  | { rebuild: false; warning?: string };

/**
 * Whether an existing build can be served with `course`, and if not why, in words an operator can act on.
 * `stampText` is the stamp file's content, or undefined when the build has none: made before stamps existed,
 * or by other means. Such a build is served as it is, with a warning, since its settings cannot be checked.
 */
export function checkBuild(stampText: string | undefined, course: CourseConfig): BuildCheck {
  if (stampText === undefined) {
    return { rebuild: false, warning: `it has no ${BUILD_STAMP_FILE}, so its course settings cannot be checked; run npm run build to be sure` };
  }
  let recorded: Partial<BuildSettings> | undefined;
  try {
    const stamp = JSON.parse(stampText) as Partial<BuildStamp>;
    if (stamp.format === 'twelve-factor-lab/build' && stamp.version === 1 && typeof stamp.settings === 'object') recorded = stamp.settings;
  } catch {
    // An unreadable stamp is ours but damaged: build again.
  }
  if (!recorded) return { rebuild: true, reason: `its ${BUILD_STAMP_FILE} is unreadable` };
  const wanted = buildSettings(course);
  const changed = (Object.keys(wanted) as (keyof BuildSettings)[])
    .filter((name) => recorded[name] !== wanted[name])
    .map((name) => `${name} was "${recorded[name] ?? ''}", now "${wanted[name]}"`);
  return changed.length > 0 ? { rebuild: true, reason: `it was built with other settings: ${changed.join('; ')}` } : { rebuild: false };
}
