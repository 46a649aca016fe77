import { completedLessons } from './course-store.ts';

/** Shows a ✓ on every link to a completed lesson (sidebar, home grid), and keeps it current. */
function render(): void {
  const done = completedLessons();
  for (const link of document.querySelectorAll<HTMLElement>('[data-progress-slug]')) {
    const complete = done.has(link.dataset.progressSlug ?? '');
    link.classList.toggle('is-complete', complete);
    const mark = link.querySelector<HTMLElement>('.done-mark');
    if (mark) mark.hidden = !complete;
  }
  const summary = document.querySelector<HTMLElement>('[data-progress-summary]');
  if (summary) {
    const factors = [...document.querySelectorAll<HTMLElement>('[data-progress-factor]')];
    const n = factors.filter((f) => done.has(f.dataset.progressSlug ?? '')).length;
    summary.textContent = n === 0 ? 'No factors completed yet.' : `${n} of ${factors.length} factors completed.`;
  }
}

render();
document.addEventListener('tfl:store', render);
window.addEventListener('storage', render);
