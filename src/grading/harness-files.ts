/**
 * What a grading run needs beside the hidden tests, from two folders kept apart on purpose:
 * - src/grading/harness/ — the judge: the harness, the kit and the reporter (ES modules), run as the grader;
 * - src/grading/app-preloads/ — the judged side: CommonJS preloads the kit loads into the learner's apps (and
 *   lean-http-preload.cjs into the harness too), so they run with the learner's code and are trusted for nothing.
 * Shared by the server's runner and the workbench's grading bundle, so both sandboxes get the same files.
 */
export const isHarnessFile = (name: string): boolean => /\.mjs$/.test(name);
export const isAppPreloadFile = (name: string): boolean => /\.cjs$/.test(name);
