import type { Elements } from './elements.ts';

/** Expanded: the workbench covers the window below the header, for more room than the reading column. */
export function isExpanded(ui: Elements): boolean {
  return ui.root.classList.contains('is-expanded');
}

export function setExpanded(ui: Elements, expanded: boolean): void {
  ui.root.classList.toggle('is-expanded', expanded);
  ui.buttons.expand.setAttribute('aria-pressed', String(expanded));
  ui.buttons.expand.textContent = expanded ? 'Collapse' : 'Expand';
  document.documentElement.classList.toggle('wb-expanded', expanded);
}
