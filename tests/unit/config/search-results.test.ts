import { describe, expect, it } from 'vitest';
import { excerptSegments, toHit } from '../../../src/components/search-results.ts';

describe('search results', () => {
  it('splits an excerpt into plain and marked text, decoding entities', () => {
    expect(excerptSegments('stop on <mark>SIGTERM</mark> &amp; exit &lt;0&gt;')).toEqual([
      { text: 'stop on ', marked: false },
      { text: 'SIGTERM', marked: true },
      { text: ' & exit <0>', marked: false },
    ]);
  });

  it('never lets other markup through', () => {
    expect(excerptSegments('<img src=x onerror=alert(1)>hi <mark><b>there</b></mark>')).toEqual([
      { text: 'hi ', marked: false },
      { text: 'there', marked: true },
    ]);
  });

  it('keeps a lesson and up to two of its matching sections', () => {
    const hit = toHit({
      url: '/disposability/',
      excerpt: 'on <mark>SIGTERM</mark>',
      meta: { title: 'Disposability' },
      sub_results: [
        { title: 'Disposability', url: '/disposability/' },
        { title: 'The principle', url: '/disposability/#the-principle', anchor: { element: 'h2', id: 'the-principle' } },
        { title: 'What goes wrong', url: '/disposability/#what-goes-wrong', anchor: { element: 'h2', id: 'what-goes-wrong' } },
        { title: 'Anti-patterns', url: '/disposability/#anti-patterns', anchor: { element: 'h2', id: 'anti-patterns' } },
      ],
    });
    expect(hit.title).toBe('Disposability');
    expect(hit.sections.map((s) => s.url)).toEqual(['/disposability/#the-principle', '/disposability/#what-goes-wrong']);
  });
});
