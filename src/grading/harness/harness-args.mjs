// How a grading run starts the harness: `node ...HARNESS_ARGS` in the learner's working copy. Shared by the
// server's runner, the in-browser sandbox and the harness itself, which starts itself again this way when it
// was started without the reporter flag (by hand, say).
// --test-reporter: the hidden tests run inside the harness process, and node:test takes its reporter from the
//   command line only. Paths are relative to the working copy.
// --experimental-vm-modules --no-warnings: the syntax check then runs in-process (syntax-check.mjs).
// --require lean-http-preload.cjs: see there; it does nothing on Node 20.
export const REPORTER_ARG = '--test-reporter=./.grading/reporter.mjs';
export const HARNESS_ENTRY = '.grading/harness.mjs';
export const HARNESS_ARGS = [
  '--experimental-vm-modules',
  '--no-warnings',
  '--require',
  './.grading/lean-http-preload.cjs',
  REPORTER_ARG,
  HARNESS_ENTRY,
];

// The server's runner keeps the judge (this folder, at <run>/judge/) and the apps' preloads (<run>/preloads/)
// beside the learner's copy (<run>/app/, the harness's working directory), never inside it.
export const SERVER_HARNESS_ARGS = [
  '--experimental-vm-modules',
  '--no-warnings',
  '--require',
  '../preloads/lean-http-preload.cjs',
  '--test-reporter=../judge/reporter.mjs',
  '../judge/harness.mjs',
];
