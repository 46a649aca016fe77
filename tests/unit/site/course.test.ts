import { describe, expect, it } from 'vitest';
import { checkCourse, neighbours, sidebarGroups } from '../../../src/content/course.ts';
import { readCourseConfig } from '../../../src/config/course-config.ts';
import { slugFromEntry } from '../../../src/content/slugs.ts';

const lesson = (slug: string, order: number, factor?: number, related: string[] = []) => ({ slug, title: slug, order, factor, related });

describe('course structure', () => {
  const lessons = [lesson('intro', 1), lesson('codebase', 2, 1), lesson('config', 3, 3, ['codebase']), lesson('beyond', 4)];

  it('groups lessons before, among and after the factors', () => {
    expect(sidebarGroups(lessons).map((g) => [g.label, g.lessons.map((l) => l.slug)])).toEqual([
      ['Start here', ['intro']],
      ['The twelve factors', ['codebase', 'config']],
      ['Going further', ['beyond']],
    ]);
  });

  it('finds previous and next by order, not by file order', () => {
    const shuffled = [lessons[2]!, lessons[0]!, lessons[3]!, lessons[1]!];
    expect(neighbours(shuffled, 'codebase')).toMatchObject({ prev: { slug: 'intro' }, next: { slug: 'config' } });
    expect(neighbours(shuffled, 'intro').prev).toBeUndefined();
  });

  it('accepts a consistent course', () => {
    expect(() => checkCourse(lessons)).not.toThrow();
  });

  it('names the file, the field and the fix for a duplicate order, a dangling link and a twice-claimed factor', () => {
    const broken = [...lessons, lesson('logs', 3, 3, ['nowhere'])];
    expect(() => checkCourse(broken)).toThrow(/content\/logs\.mdx: order: 3 is also used by content\/config\.mdx — give each lesson its own number/);
    expect(() => checkCourse(broken)).toThrow(/content\/logs\.mdx: related: no lesson "nowhere" — use the file name/);
    expect(() => checkCourse(broken)).toThrow(/factor: 3 is also claimed by content\/config\.mdx/);
  });

  it('refuses two files that would share one slug', () => {
    const id = slugFromEntry('content');
    expect(id({ entry: 'config.mdx' })).toBe('config');
    expect(id({ entry: 'config.mdx' })).toBe('config');
    expect(() => id({ entry: 'config.md' })).toThrow('content/config.md: slug "config" is already used by content/config.mdx — rename or delete one of the two files');
  });
});

describe('course configuration', () => {
  it('has sensible defaults', () => {
    expect(readCourseConfig({})).toEqual({
      title: 'Twelve-Factor Lab', courseId: 'twelve-factor-lab', siteUrl: undefined, basePath: '/', solutions: 'after-pass', sandbox: 'auto',
    });
  });

  it('normalises BASE_PATH to a leading and trailing slash', () => {
    expect(readCourseConfig({ BASE_PATH: 'course' }).basePath).toBe('/course/');
    expect(readCourseConfig({ BASE_PATH: '/ops/101/' }).basePath).toBe('/ops/101/');
  });

  it.each([
    [{ SOLUTIONS: 'maybe' }, 'SOLUTIONS="maybe" is not allowed: use one of always, after-pass, never'],
    [{ SANDBOX: 'docker' }, 'SANDBOX="docker" is not allowed: use one of auto, webcontainer, server'],
    [{ COURSE_ID: 'Ops 101' }, 'COURSE_ID="Ops 101" must be lowercase letters, digits and dashes'],
    [{ BASE_PATH: '/../etc/' }, 'BASE_PATH="/../etc/" is not a URL path'],
    [{ SITE_URL: 'course.example' }, 'SITE_URL="course.example" is not an absolute URL'],
  ])('rejects %o naming the variable and the allowed values', (env, message) => {
    expect(() => readCourseConfig(env)).toThrow(message);
  });
});
