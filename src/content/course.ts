/**
 * Pure functions over the lesson list: ordering, sidebar groups, neighbours and the
 * cross-lesson checks the schema alone cannot make. The .astro files stay thin over these.
 */
export interface LessonInfo {
  slug: string;
  title: string;
  order: number;
  factor?: number | undefined;
  related: string[];
}

export interface SidebarGroup<T extends LessonInfo> {
  label: string;
  lessons: T[];
}

export function sortLessons<T extends LessonInfo>(lessons: readonly T[]): T[] {
  return [...lessons].sort((a, b) => a.order - b.order);
}

/** Throws one message listing every problem, each naming the file, the field and the fix. */
export function checkCourse(lessons: readonly LessonInfo[]): void {
  const problems: string[] = [];
  const byOrder = new Map<number, string>();
  const slugs = new Set(lessons.map((l) => l.slug));
  for (const lesson of sortLessons(lessons)) {
    const file = `content/${lesson.slug}.mdx`;
    const twin = byOrder.get(lesson.order);
    if (twin !== undefined) {
      problems.push(`${file}: order: ${lesson.order} is also used by content/${twin}.mdx — give each lesson its own number`);
    }
    byOrder.set(lesson.order, lesson.slug);
    for (const target of lesson.related) {
      if (!slugs.has(target)) {
        problems.push(`${file}: related: no lesson "${target}" — use the file name of a lesson in content/`);
      }
    }
  }
  const factors = lessons.filter((l) => l.factor !== undefined);
  const seenFactor = new Map<number, string>();
  for (const lesson of factors) {
    const twin = seenFactor.get(lesson.factor!);
    if (twin !== undefined) {
      problems.push(`content/${lesson.slug}.mdx: factor: ${lesson.factor} is also claimed by content/${twin}.mdx — each factor has one lesson`);
    }
    seenFactor.set(lesson.factor!, lesson.slug);
  }
  if (problems.length > 0) throw new Error(`The course has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
}

/** Lessons before the first factor, the factors, then what comes after (capstone, beyond, checklist). */
export function sidebarGroups<T extends LessonInfo>(lessons: readonly T[]): SidebarGroup<T>[] {
  const sorted = sortLessons(lessons);
  const firstFactor = sorted.findIndex((l) => l.factor !== undefined);
  if (firstFactor === -1) return [{ label: 'Lessons', lessons: sorted }];
  const lastFactor = sorted.length - 1 - [...sorted].reverse().findIndex((l) => l.factor !== undefined);
  return [
    { label: 'Start here', lessons: sorted.slice(0, firstFactor) },
    { label: 'The twelve factors', lessons: sorted.slice(firstFactor, lastFactor + 1) },
    { label: 'Going further', lessons: sorted.slice(lastFactor + 1) },
  ].filter((g) => g.lessons.length > 0);
}

export function neighbours<T extends LessonInfo>(lessons: readonly T[], slug: string): { prev?: T; next?: T } {
  const sorted = sortLessons(lessons);
  const i = sorted.findIndex((l) => l.slug === slug);
  if (i === -1) return {};
  return { prev: sorted[i - 1], next: sorted[i + 1] };
}
