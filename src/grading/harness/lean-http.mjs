// The node flags that preload lean-http-preload.cjs (see there for why), for the apps and commands the kit starts.
// Only on Node 22 and later, where the getters exist; Node 20 (and WebContainer) start processes unchanged. The
// harness itself gets the preload from HARNESS_ARGS (harness-args.mjs).
import path from 'node:path';
import { preloadsDir } from './kit-context.mjs';

const major = Number(process.versions.node.split('.')[0]);

export const leanHttpArgs = major >= 22 ? ['--require', path.join(preloadsDir, 'lean-http-preload.cjs')] : [];
