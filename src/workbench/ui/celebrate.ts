/**
 * A modest, clear celebration when every test passes: a marked banner in the results and a one-off
 * animation (skipped with prefers-reduced-motion by the site's global rule). No confetti.
 */
import { h } from './dom.ts';

export function celebrate(results: HTMLElement, firstTime: boolean): void {
  results.querySelector('.wb-celebration')?.remove();
  const banner = h('p', { class: 'wb-celebration' },
    h('span', { class: 'wb-celebration-mark', 'aria-hidden': 'true' }, '✓'),
    h('span', {}, firstTime
      ? 'Well done — every hidden test passes. This lesson is now marked complete.'
      : 'Every hidden test still passes.'));
  results.querySelector('.wb-panel-title')?.after(banner);
}
