/**
 * The page-weight budgets of DESIGN.md ("Budgets"), in one place: the build test
 * (page-weight.build.test.ts), the browser test (tests/e2e/workbench.spec.ts) and `npm run bench` all read them.
 */

export type PageType = 'home' | 'lesson' | 'checklist' | 'capstone';

/**
 * Gzipped JavaScript a page may load before the learner opens the workbench. DESIGN.md fixes 40 KB for lesson
 * pages; no page of the course has a reason to ship more than a lesson does, so the same ceiling holds for all.
 */
export const FIRST_LOAD_JS_GZ: Record<PageType, number> = {
  home: 40 * 1024,
  lesson: 40 * 1024,
  checklist: 40 * 1024,
  capstone: 40 * 1024,
};

/** Which budget a built page falls under, from its path in the build (`index.html`, `config/index.html`, …). */
export function pageTypeOf(file: string): PageType {
  if (file === 'index.html') return 'home';
  if (file === 'checklist/index.html') return 'checklist';
  if (file === 'capstone/index.html') return 'capstone';
  return 'lesson';
}

/**
 * The heavy libraries that must load only on demand, each recognised by strings that survive minification
 * (library class names and error messages, not our own code that merely mentions them). The build test also
 * checks that every marker still finds its library somewhere in the build, so an upgrade that renames them
 * fails loudly instead of making the check pass without looking.
 */
export const ON_DEMAND_LIBRARIES = [
  { name: 'Monaco', markers: ['monaco-scrollable-element', 'monaco-editor-background'] },
  { name: 'xterm', markers: ['xterm-helper-textarea', 'xterm-char-measure-element'] },
  { name: 'WebContainer', markers: ['Only a single WebContainer instance can be booted', 'WebContainer already torn down'] },
] as const;

/** The libraries whose markers occur in `code`. */
export function librariesIn(code: string): string[] {
  return ON_DEMAND_LIBRARIES.filter((library) => library.markers.some((marker) => code.includes(marker))).map((library) => library.name);
}
