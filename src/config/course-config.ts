/**
 * Per-deploy settings, read once from the environment (twelve-factor config).
 * Static builds bake these in at build time; `npm start` reads the same variables at start.
 * Every value is validated so a typo fails loudly with the variable's name and the allowed values.
 */
export type SolutionsPolicy = 'always' | 'after-pass' | 'never';
export type SandboxChoice = 'auto' | 'webcontainer' | 'server';

export interface CourseConfig {
  /** Shown in the header and the page titles. */
  title: string;
  /** Namespaces learners' stored work so two courses on one origin don't collide. */
  courseId: string;
  /** Absolute origin of the deployed site, used for canonical links; optional. */
  siteUrl: string | undefined;
  /** Path prefix the site is served under, always starting and ending with "/". */
  basePath: string;
  solutions: SolutionsPolicy;
  sandbox: SandboxChoice;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(`${name}="${raw}" is not allowed: use one of ${allowed.join(', ')}`);
}

function normaliseBasePath(raw: string | undefined): string {
  if (raw === undefined || raw === '' || raw === '/') return '/';
  if (!/^\/?[A-Za-z0-9._~\-/]+\/?$/.test(raw) || raw.includes('..')) {
    throw new ConfigError(`BASE_PATH="${raw}" is not a URL path: use something like /course/`);
  }
  return `/${raw.replace(/^\/+|\/+$/g, '')}/`;
}

export function readCourseConfig(env: Env = process.env): CourseConfig {
  const courseId = env.COURSE_ID || 'twelve-factor-lab';
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(courseId)) {
    throw new ConfigError(`COURSE_ID="${courseId}" must be lowercase letters, digits and dashes (max 63)`);
  }
  const siteUrl = env.SITE_URL || undefined;
  if (siteUrl !== undefined && !URL.canParse(siteUrl)) {
    throw new ConfigError(`SITE_URL="${siteUrl}" is not an absolute URL: use e.g. https://course.example.org`);
  }
  return {
    title: env.COURSE_TITLE || 'Twelve-Factor Lab',
    courseId,
    siteUrl,
    basePath: normaliseBasePath(env.BASE_PATH),
    solutions: oneOf(env, 'SOLUTIONS', ['always', 'after-pass', 'never'] as const, 'after-pass'),
    sandbox: oneOf(env, 'SANDBOX', ['auto', 'webcontainer', 'server'] as const, 'auto'),
  };
}
