import { readJSON, writeJSON } from '../scripts/course-store.ts';

/** <tf-tabs>: turns its .tab-panel children into an ARIA tab list (arrow keys, Home/End). */
let nextId = 0;

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex="0"]';

/**
 * Whether the panel's content opens with something Tab already stops at. Then the panel itself is no tab stop
 * (the WAI-ARIA tabs pattern): a code panel opens with its scrollable, focusable <pre>, and a stop on the panel
 * before it would only announce "Node" a second time.
 */
function startsWithFocusable(panel: HTMLElement): boolean {
  const first = [...panel.children].find((child) => !child.classList.contains('tab-label'));
  return first?.matches(FOCUSABLE) ?? false;
}

class TabsElement extends HTMLElement {
  private tabs: HTMLButtonElement[] = [];
  private panels: HTMLElement[] = [];

  connectedCallback(): void {
    if (this.tabs.length > 0) return;
    this.panels = [...this.querySelectorAll<HTMLElement>(':scope > .tab-panel')];
    const list = document.createElement('div');
    list.setAttribute('role', 'tablist');
    list.className = 'tab-list';
    const id = `tabs-${nextId++}`;
    this.panels.forEach((panel, i) => {
      const label = panel.dataset.label ?? `Tab ${i + 1}`;
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.role = 'tab';
      tab.id = `${id}-tab-${i}`;
      tab.textContent = label;
      tab.setAttribute('aria-controls', `${id}-panel-${i}`);
      tab.addEventListener('click', () => this.choose(label, true));
      tab.addEventListener('keydown', (e) => this.onKey(e, i));
      panel.id = `${id}-panel-${i}`;
      panel.role = 'tabpanel';
      panel.setAttribute('aria-labelledby', tab.id);
      if (!startsWithFocusable(panel)) panel.tabIndex = 0;
      panel.querySelector('.tab-label')?.setAttribute('hidden', '');
      list.append(tab);
      this.tabs.push(tab);
    });
    this.prepend(list);
    this.classList.add('enhanced');
    const preferred = readJSON<string | null>('tab-language', null);
    this.choose(preferred && this.has(preferred) ? preferred : (this.panels[0]?.dataset.label ?? ''), false);
    document.addEventListener('tfl:tab-language', (e) => this.choose((e as CustomEvent<string>).detail, false));
  }

  private has(label: string): boolean {
    return this.panels.some((p) => p.dataset.label === label);
  }

  private choose(label: string, broadcast: boolean): void {
    if (!this.has(label)) return;
    this.panels.forEach((panel, i) => {
      const selected = panel.dataset.label === label;
      panel.hidden = !selected;
      const tab = this.tabs[i]!;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    });
    if (broadcast) {
      writeJSON('tab-language', label);
      document.dispatchEvent(new CustomEvent('tfl:tab-language', { detail: label }));
    }
  }

  private onKey(event: KeyboardEvent, index: number): void {
    const last = this.tabs.length - 1;
    const target =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : undefined;
    if (target === undefined) return;
    event.preventDefault();
    const tab = this.tabs[target]!;
    tab.focus();
    this.choose(this.panels[target]!.dataset.label ?? '', true);
  }
}

if (!customElements.get('tf-tabs')) customElements.define('tf-tabs', TabsElement);
