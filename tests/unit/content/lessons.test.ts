import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonSchema } from '../../../src/content/lesson-schema.ts';
import { codeFences, emptySections, headings, readLessons } from './lesson-files.ts';

/** The slugs DESIGN.md fixes; tools outside the repo link to them. */
const slugs = [
  'introduction', 'codebase', 'dependencies', 'config', 'backing-services', 'build-release-run', 'processes',
  'port-binding', 'concurrency', 'disposability', 'dev-prod-parity', 'logs', 'admin-processes', 'capstone',
  'api-first', 'telemetry', 'auth', 'checklist',
];
/** Each factor's title as 12factor.net words it; the home grid shows it as the lesson's principle. */
const canonicalTitles = [
  'One codebase tracked in revision control, many deploys.',
  'Explicitly declare and isolate dependencies.',
  'Store config in the environment.',
  'Treat backing services as attached resources.',
  'Strictly separate build and run stages.',
  'Execute the app as one or more stateless processes.',
  'Export services via port binding.',
  'Scale out via the process model.',
  'Maximize robustness with fast startup and graceful shutdown.',
  'Keep development, staging, and production as similar as possible.',
  'Treat logs as event streams.',
  'Run admin/management tasks as one-off processes.',
];
const factorSections = ['The principle', 'What goes wrong', 'Anti-patterns', 'The twelve-factor way', 'How to check your own app'];
const lessons = readLessons();
const bySlug = new Map(lessons.map((l) => [l.slug, l]));

describe('the course', () => {
  it('has a lesson for every slug and nothing else', () => {
    expect([...bySlug.keys()].sort()).toEqual([...slugs].sort());
  });

  it('has the twelve factors numbered 1–12 in slug order, each with its own exercise', () => {
    slugs.slice(1, 13).forEach((slug, i) => {
      expect(bySlug.get(slug)?.data.factor, slug).toBe(i + 1);
      expect(bySlug.get(slug)?.data.exercise, slug).toBe(slug);
    });
    expect(bySlug.get('capstone')?.data.exercise).toBe('capstone');
  });

  it('states each factor in 12factor.net\'s own words', () => {
    expect(slugs.slice(1, 13).map((slug) => bySlug.get(slug)?.data.principle)).toEqual(canonicalTitles);
  });
});

describe.each(lessons.map((l) => [l.slug, l] as const))('%s', (_slug, lesson) => {
  it('has valid frontmatter', () => {
    const result = lessonSchema.safeParse(lesson.data);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('contains no placeholder text', () => {
    const text = readFileSync(lesson.file, 'utf8');
    expect(text).not.toMatch(/\b(TODO|FIXME|TBD|lorem ipsum|lorem|placeholder text|coming soon)\b/i);
  });

  it('has no empty sections', () => {
    expect(emptySections(lesson.body)).toEqual([]);
  });

  it('names the language of every code block', () => {
    expect(codeFences(lesson.body).filter((f) => f.lang === '').map((f) => `${lesson.file}:${f.line}`)).toEqual([]);
  });

  it('shows every tabbed example in both Node and Python, each with code', () => {
    const groups = [...lesson.body.matchAll(/<Tabs>([\s\S]*?)<\/Tabs>/g)].map((m) => m[1]!);
    for (const group of groups) {
      const items = [...group.matchAll(/<TabItem label="([^"]+)">([\s\S]*?)<\/TabItem>/g)];
      expect(items.map((m) => m[1])).toEqual(['Node', 'Python']);
      for (const item of items) expect(codeFences(item[2]!).length, `${item[1]} tab has code`).toBeGreaterThan(0);
    }
  });

  it('links only to lessons that exist', () => {
    const targets = [
      ...[...lesson.prose.matchAll(/\]\((\/[^)#\s]*)/g)].map((m) => m[1]!),
      ...[...lesson.prose.matchAll(/href="(\/[^"#]*)"/g)].map((m) => m[1]!),
      ...((lesson.data.related as string[] | undefined) ?? []).map((s) => `/${s}/`),
    ];
    const broken = targets.filter((href) => href !== '/' && !bySlug.has(href.replace(/^\/|\/$/g, '')));
    expect(broken).toEqual([]);
  });

  it('has a quiz whose every question has one right answer and explains every option', () => {
    const quiz = (lesson.data.quiz ?? []) as { options: { correct?: boolean; explain?: string }[] }[];
    if (lesson.slug === 'checklist') return;
    expect(quiz.length).toBeGreaterThanOrEqual(2);
    expect(quiz.length).toBeLessThanOrEqual(4);
    for (const question of quiz) {
      expect(question.options.filter((o) => o.correct === true)).toHaveLength(1);
      for (const option of question.options) expect(option.explain?.trim().length).toBeGreaterThan(0);
    }
  });

  if (lesson.data.factor !== undefined) {
    it('has the factor-lesson sections in order', () => {
      expect(headings(lesson.prose, 2)).toEqual(factorSections);
    });

    it('shows anti-patterns and the fix in both languages', () => {
      const [, antiPatterns = '', fix = ''] = lesson.body.split(/^## (?:Anti-patterns|The twelve-factor way)$/m);
      expect(antiPatterns).toMatch(/<TabItem label="Python">/);
      expect(fix).toMatch(/<TabItem label="Python">/);
      expect(headings(antiPatterns, 3).length).toBeGreaterThanOrEqual(2);
    });

    it('ends with a checklist of the reader\'s own app and a row for the /checklist/ page', () => {
      const check = lesson.prose.split(/^## How to check your own app$/m)[1] ?? '';
      expect(check.match(/^[-*] /gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
      expect(lesson.data.checklist).toBeDefined();
    });
  }
});

describe('exercises named by lessons', () => {
  it('exist for every lesson that names one', () => {
    for (const lesson of lessons.filter((l) => l.data.exercise)) {
      expect(existsSync(`exercises/${String(lesson.data.exercise)}/exercise.json`), lesson.file).toBe(true);
    }
  });

  it('carry no placeholder text in their briefs and hints', () => {
    for (const id of readdirSync('exercises').filter((d) => existsSync(`exercises/${d}/exercise.json`))) {
      expect(readFileSync(`exercises/${id}/exercise.json`, 'utf8'), id).not.toMatch(/\b(TODO|FIXME|TBD|lorem)\b/i);
    }
  });
});
