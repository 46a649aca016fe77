/**
 * Makes the page cross-origin isolated on hosts that cannot send COOP/COEP (GitHub Pages), by installing
 * public/cross-origin-isolation-sw.js and reloading once it controls the page. Does nothing where the headers
 * arrive (npm start, Netlify, …). A reload happens at most once per tab: if the page is still not isolated
 * afterwards (a browser that ignores the worker's headers), it stays as it is and the workbench explains.
 */
const RELOAD_MARK = 'tfl:isolation-reload';

export interface IsolationState {
  isolated: boolean;
  /** Service workers available and the page in a secure context. */
  supported: boolean;
  /** A service worker already controls this page. */
  controlled: boolean;
  /** This tab already reloaded once for isolation. */
  reloadedBefore: boolean;
}

export type IsolationStep = 'done' | 'register' | 'give-up' | 'unsupported';

/** What to do, decided from the page's state alone (pure, unit-tested). */
export function isolationStep(state: IsolationState): IsolationStep {
  if (state.isolated) return 'done';
  if (!state.supported) return 'unsupported';
  // Controlled yet not isolated, after our one reload: the worker cannot help in this browser; don't loop.
  if (state.controlled && state.reloadedBefore) return 'give-up';
  return 'register';
}

function readMark(): boolean {
  try {
    return sessionStorage.getItem(RELOAD_MARK) !== null;
  } catch {
    return true; // no storage to guard a reload with: never reload
  }
}

function reloadOnce(): void {
  if (readMark()) return;
  try {
    sessionStorage.setItem(RELOAD_MARK, String(Date.now()));
  } catch {
    return;
  }
  location.reload();
}

export async function ensureIsolation(base: string): Promise<IsolationStep> {
  const step = isolationStep({
    isolated: self.crossOriginIsolated,
    supported: 'serviceWorker' in navigator && self.isSecureContext,
    controlled: Boolean(navigator.serviceWorker?.controller),
    reloadedBefore: readMark(),
  });
  if (step === 'done') {
    try {
      sessionStorage.removeItem(RELOAD_MARK); // a later loss of isolation (worker updated away) may reload again
    } catch {
      // Storage blocked: nothing to clear.
    }
  }
  if (step !== 'register') return step;
  // The page's response came without the headers; once the worker controls it, a reload fetches it with them.
  navigator.serviceWorker.addEventListener('controllerchange', reloadOnce);
  try {
    await navigator.serviceWorker.register(`${base}cross-origin-isolation-sw.js`, { scope: base });
    const registration = await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) reloadOnce(); // controlled already, e.g. a worker from an earlier visit
    else registration.active?.postMessage({ type: 'claim' });
  } catch (error) {
    // Blocked service workers (private windows, policies): the workbench reports the missing isolation.
    console.warn('Cross-origin isolation worker not installed:', error);
  }
  return step;
}
