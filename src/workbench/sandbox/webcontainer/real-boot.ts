/**
 * Booting the real WebContainer (browser only). Checks what can be checked locally first, so the common
 * failures get a precise message at once instead of after a boot timeout.
 */
import { SandboxUnavailableError } from '../sandbox.ts';
import type { WcBoot } from './api.ts';

interface Environment {
  crossOriginIsolated?: boolean;
  SharedArrayBuffer?: unknown;
  navigator?: { onLine?: boolean };
  isSecureContext?: boolean;
}

/** Throws SandboxUnavailableError when WebContainer certainly cannot start here. */
export function preflight(env: Environment = globalThis as Environment): void {
  if (env.navigator?.onLine === false) {
    throw new SandboxUnavailableError('offline', 'You are offline, and the in-browser sandbox needs to reach StackBlitz once to start.');
  }
  if (env.isSecureContext === false) {
    throw new SandboxUnavailableError('not-isolated', 'The in-browser sandbox needs HTTPS (or localhost), and this page was served over plain HTTP.');
  }
  if (env.crossOriginIsolated !== true) {
    throw new SandboxUnavailableError('not-isolated', 'This page is not cross-origin isolated, which the in-browser sandbox needs: the host must send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp.');
  }
  if (typeof env.SharedArrayBuffer !== 'function') {
    throw new SandboxUnavailableError('unsupported', 'This browser does not support the in-browser sandbox (it lacks SharedArrayBuffer). A current Chrome, Edge or Firefox works.');
  }
}

/** Turns what WebContainer.boot threw into a reason the learner can act on. */
export function classifyBootError(error: unknown): SandboxUnavailableError {
  const message = error instanceof Error ? error.message : String(error);
  if (/cookie|storage|SecurityError|access is denied/i.test(message)) {
    return new SandboxUnavailableError('blocked', 'Your browser blocked the storage the in-browser sandbox needs (third-party cookies for StackBlitz). Allow third-party cookies for this site and reload.');
  }
  if (/fetch|network|load|unreachable/i.test(message)) {
    return new SandboxUnavailableError('unreachable', `The in-browser sandbox could not reach StackBlitz's servers (${message}).`);
  }
  return new SandboxUnavailableError('failed', `The in-browser sandbox could not start: ${message}`);
}

/**
 * WebContainer boots one instance per page. A lesson with two workbenches (LessonExercise) must say so when the
 * second asks, rather than pass on WebContainer's own error; a teardown (a restart) frees the page's instance.
 */
let booted = false;

export const bootWebContainer: WcBoot = async (options) => {
  preflight();
  if (booted) {
    throw new SandboxUnavailableError('failed', 'The in-browser sandbox is already running on this page (for another workbench, or a start that has not finished), and only one can run per page. Reload the page and open only this workbench; your code is saved.');
  }
  booted = true;
  try {
    const { WebContainer } = await import('@webcontainer/api');
    const instance = await WebContainer.boot(options);
    const teardown = instance.teardown.bind(instance);
    instance.teardown = () => {
      booted = false;
      teardown();
    };
    return instance;
  } catch (error) {
    booted = false;
    throw classifyBootError(error);
  }
};
