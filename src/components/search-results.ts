/**
 * The data side of search, free of the DOM so it can be unit-tested: loading Pagefind's browser bundle on
 * demand, and turning its results into plain records. Pagefind's excerpts are HTML with <mark> around matches;
 * they are split into text segments here and rendered with textContent, never as HTML.
 */

/** The part of Pagefind's browser API (pagefind/pagefind.js) we use. */
export interface PagefindModule {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  init(): Promise<void>;
  debouncedSearch(term: string, options?: object, debounceMs?: number): Promise<{ results: PagefindResult[] } | null>;
}

export interface PagefindResult {
  data(): Promise<PagefindData>;
}

export interface PagefindData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: Array<{ title: string; url: string; anchor?: { element: string; id: string } }>;
}

export interface SearchHit {
  url: string;
  title: string;
  excerpt: ExcerptSegment[];
  sections: Array<{ title: string; url: string }>;
}

export interface ExcerptSegment {
  text: string;
  marked: boolean;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", nbsp: '\u00a0' };

function decode(text: string): string {
  return text.replace(/&(#?\w+);/g, (whole, name: string) => entities[name] ?? whole);
}

/** "a <mark>b</mark> c" → [{a, false}, {b, true}, {c, false}]; any other tag is dropped. */
export function excerptSegments(excerpt: string): ExcerptSegment[] {
  const segments: ExcerptSegment[] = [];
  let marked = false;
  for (const part of excerpt.split(/(<\/?mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else {
      const text = decode(part.replace(/<[^>]*>/g, ''));
      if (text) segments.push({ text, marked });
    }
  }
  return segments;
}

/** One hit per lesson, with up to `maxSections` of its sections that also matched. */
export function toHit(data: PagefindData, maxSections = 2): SearchHit {
  const sections = (data.sub_results ?? [])
    .filter((sub) => sub.anchor && sub.url !== data.url)
    .slice(0, maxSections)
    .map((sub) => ({ title: sub.title, url: sub.url }));
  return { url: data.url, title: data.meta.title ?? data.url, excerpt: excerptSegments(data.excerpt), sections };
}

let loading: Promise<PagefindModule> | undefined;

/**
 * Imports `<base>pagefind/pagefind.js` once. The index only exists in a build (`npm run build`), so in the dev
 * server this rejects and the search box says so.
 */
export function loadPagefind(base: string): Promise<PagefindModule> {
  loading ??= (async () => {
    const url = `${base}pagefind/pagefind.js`;
    const pagefind = (await import(/* @vite-ignore */ url)) as PagefindModule;
    await pagefind.options({ baseUrl: base, excerptLength: 22 });
    await pagefind.init();
    return pagefind;
  })();
  loading.catch(() => {
    loading = undefined; // let a later focus try again (e.g. a flaky network)
  });
  return loading;
}
