import { h } from './dom.ts';

/** Shows the first `shown` hints; they are progressive, so each one nudges further than the last. */
export function renderHints(section: HTMLElement, list: HTMLElement, hints: readonly string[], shown: number): void {
  const count = Math.min(shown, hints.length);
  section.hidden = count === 0;
  list.replaceChildren(...hints.slice(0, count).map((hint) => h('li', {}, hint)));
}

export function hintButtonLabel(hints: readonly string[], shown: number): string {
  if (shown >= hints.length) return 'No more hints';
  return shown === 0 ? 'Hint' : `Hint ${shown + 1} of ${hints.length}`;
}
