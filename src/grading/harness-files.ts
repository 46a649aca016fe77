/**
 * Which files of src/grading/harness/ a grading run needs under .grading/: the harness, the kit and the
 * reporter (ES modules) and the CommonJS preload (lean-http-preload.cjs). Shared by the server's runner and the
 * workbench's grading bundle, so both sandboxes get the same files.
 */
export const isHarnessFile = (name: string): boolean => /\.(?:mjs|cjs)$/.test(name);
