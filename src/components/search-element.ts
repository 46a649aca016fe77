/**
 * <tf-search>: the header's lesson search. Keyboard: "/" focuses it from anywhere outside a text field,
 * ArrowDown/ArrowUp walk the results, Enter opens the first result from the box, Escape closes the results.
 * Pagefind's bundle and index load when the box first gets focus (a click, a tap, Tab or "/"), never with the page.
 */
import { loadPagefind, toHit, type SearchHit } from './search-results.ts';

const base = `${import.meta.env.BASE_URL.replace(/\/$/, '')}/`;
const MAX_HITS = 8;

/** Where "/" must stay a character: form fields, editable regions, the workbench's editor and terminal. */
function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"]), .monaco-editor, .xterm') !== null;
}

class SearchElement extends HTMLElement {
  private input!: HTMLInputElement;
  private panel!: HTMLElement;
  private status!: HTMLElement;
  private list!: HTMLOListElement;
  private latest = '';
  /** A press inside the panel (its text, its scrollbar) moves focus to nothing; that must not close it. */
  private pressing = false;

  connectedCallback(): void {
    if (this.input) return;
    this.input = this.querySelector('input')!;
    this.panel = this.querySelector('[data-search-panel]')!;
    this.status = this.querySelector('[data-search-status]')!;
    this.list = this.querySelector('[data-search-list]')!;

    const warmUp = () => void loadPagefind(base).catch(() => undefined);
    this.input.addEventListener('focus', (e) => {
      warmUp();
      // Coming back from the results (Escape, ArrowUp) must not undo a close; coming from elsewhere reopens.
      if (this.input.value.trim() && !this.contains(e.relatedTarget as Node | null)) this.open();
    });
    this.input.addEventListener('input', () => void this.search(this.input.value));
    this.addEventListener('keydown', (e) => this.onKey(e));
    this.addEventListener('focusout', (e) => {
      if (!this.pressing && !this.contains(e.relatedTarget as Node | null)) this.close();
    });
    this.addEventListener('pointerdown', () => (this.pressing = true));
    document.addEventListener('pointerup', () => (this.pressing = false));
    document.addEventListener('pointerdown', (e) => {
      if (!this.contains(e.target as Node)) this.close();
    });
    // A section link on the current page only scrolls: close the panel so the section is visible.
    this.list.addEventListener('click', (e) => {
      if ((e.target as Element).closest('a')) this.close();
    });
    document.addEventListener('keydown', (e) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typingInto(e.target)) return;
      e.preventDefault();
      this.input.focus();
      this.input.select();
    });
  }

  private onKey(e: KeyboardEvent): void {
    const links = [...this.list.querySelectorAll<HTMLAnchorElement>('a')];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === 'Escape') {
      if (this.panel.hidden && document.activeElement === this.input) {
        this.input.blur();
        return;
      }
      e.preventDefault();
      this.close();
      this.input.focus();
    } else if (e.key === 'ArrowDown' && links.length > 0) {
      e.preventDefault();
      this.open();
      links[Math.min(at + 1, links.length - 1)]!.focus();
    } else if (e.key === 'ArrowUp' && at >= 0) {
      e.preventDefault();
      (at === 0 ? this.input : links[at - 1]!).focus();
    } else if (e.key === 'Enter' && e.target === this.input) {
      e.preventDefault();
      links[0]?.click();
    }
  }

  private async search(raw: string): Promise<void> {
    const term = raw.trim();
    this.latest = term;
    if (!term) {
      this.close();
      this.list.replaceChildren();
      return;
    }
    this.open();
    this.status.textContent = 'Searching…';
    let hits: SearchHit[];
    try {
      const pagefind = await loadPagefind(base);
      const found = await pagefind.debouncedSearch(term, {}, 150);
      if (!found || term !== this.latest) return; // a newer search superseded this one
      hits = (await Promise.all(found.results.slice(0, MAX_HITS).map((r) => r.data()))).map((d) => toHit(d));
    } catch {
      if (term !== this.latest) return;
      this.list.replaceChildren();
      this.status.textContent = import.meta.env.DEV
        ? 'Search works in the built site: run npm run build, then npm start.'
        : 'Search could not load. Check your connection and try again.';
      return;
    }
    if (term !== this.latest) return;
    this.status.textContent = hits.length === 0
      ? `No lesson mentions “${term}”.`
      : `${hits.length === MAX_HITS ? `Top ${MAX_HITS}` : hits.length} ${hits.length === 1 ? 'lesson' : 'lessons'} for “${term}”`;
    this.list.replaceChildren(...hits.map((hit) => this.renderHit(hit)));
  }

  private renderHit(hit: SearchHit): HTMLLIElement {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = hit.url;
    link.className = 'search-hit';
    const title = document.createElement('span');
    title.className = 'search-hit-title';
    title.textContent = hit.title;
    const excerpt = document.createElement('span');
    excerpt.className = 'search-hit-excerpt';
    for (const segment of hit.excerpt) {
      if (segment.marked) excerpt.append(Object.assign(document.createElement('mark'), { textContent: segment.text }));
      else excerpt.append(segment.text);
    }
    link.append(title, excerpt);
    item.append(link);
    if (hit.sections.length > 0) {
      const sections = document.createElement('ul');
      sections.className = 'search-hit-sections';
      for (const section of hit.sections) {
        const sectionLink = Object.assign(document.createElement('a'), { href: section.url, textContent: section.title });
        const li = document.createElement('li');
        li.append(sectionLink);
        sections.append(li);
      }
      item.append(sections);
    }
    return item;
  }

  private open(): void {
    this.panel.hidden = false;
    this.classList.add('open');
  }

  private close(): void {
    this.panel.hidden = true;
    this.classList.remove('open');
  }
}

customElements.define('tf-search', SearchElement);
