/**
 * The only workbench code on a lesson page before the learner opens it: a click handler and a scroll
 * observer that import the real workbench (Monaco, xterm, the sandbox) on demand. The lesson stays
 * readable without it; if the workbench cannot load (offline), saved work can still be downloaded.
 */
import { readJSON } from '../scripts/course-store.ts';
import { downloadSubmission, makeSubmission } from './state/submission.ts';
import type { FileMap } from './types.ts';

function mount(root: HTMLElement): void {
  const button = root.querySelector<HTMLButtonElement>('[data-wb-open]');
  const status = root.querySelector<HTMLElement>('[data-wb-launch-status]');
  let opened = false;

  const open = async (byClick: boolean) => {
    if (opened) return;
    opened = true;
    observer?.disconnect();
    root.dataset.state = 'loading';
    // aria-disabled, not disabled: a disabled button drops keyboard focus to <body> while the workbench loads.
    button?.setAttribute('aria-disabled', 'true');
    if (status) status.textContent = 'Loading the workbench…';
    try {
      const { startWorkbench } = await import('./workbench.ts');
      await startWorkbench(root);
      if (byClick) root.querySelector<HTMLElement>('[data-action="test"]')?.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      root.dataset.state = 'failed';
      opened = false;
      button?.removeAttribute('aria-disabled');
      if (status) status.textContent = `The workbench could not load (${error instanceof Error ? error.message : String(error)}). Check your connection and try again; your saved code is safe.`;
      offerDownload(root);
    }
  };

  if (button) button.hidden = false;
  button?.addEventListener('click', () => void open(true));
  // Scrolling to the exercise opens it too — unless the learner asked the browser to save data, or the page has
  // several workbenches: the in-browser sandbox runs once per page, so the learner picks one by opening it.
  const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData === true;
  const several = document.querySelectorAll('[data-workbench]').length > 1;
  const observer = saveData || several || !('IntersectionObserver' in window) ? undefined : new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) void open(false);
  }, { rootMargin: '0px 0px 100px 0px' });
  // The exercise's section, not the workbench alone: a learner who reaches its heading is reading the brief (and
  // its criteria) above the editor, which may sit more than a screen lower — that is the time to start loading.
  observer?.observe(root.closest<HTMLElement>('section.exercise') ?? root);
}

/** Without the workbench code, the saved files can still leave the browser. */
function offerDownload(root: HTMLElement): void {
  const id = root.dataset.exercise ?? '';
  const saved = readJSON<{ files?: FileMap } | null>(`workbench:${id}:files`, null);
  if (!saved?.files || root.querySelector('[data-wb-fallback-download]')) return;
  const link = document.createElement('button');
  link.type = 'button';
  link.className = 'button';
  link.dataset.wbFallbackDownload = '';
  link.textContent = 'Download my work';
  link.addEventListener('click', () => {
    const course = document.documentElement.dataset.courseId ?? 'twelve-factor-lab';
    downloadSubmission(makeSubmission(course, id, saved.files ?? {}, null));
  });
  root.querySelector('[data-wb-launch]')?.append(link);
}

for (const root of document.querySelectorAll<HTMLElement>('[data-workbench]')) mount(root);
