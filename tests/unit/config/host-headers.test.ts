import { describe, expect, it } from 'vitest';
import { hostFiles, netlifyHeaders, nginxHeaders, vercelJson } from '../../../src/integrations/host-headers.ts';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Netlify's format: a path line, then indented "Name: value" lines. */
function parseNetlify(text: string): Record<string, Record<string, string>> {
  const rules: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!line.startsWith(' ')) rules[line] = current = {};
    else {
      const [name, ...value] = line.trim().split(': ');
      current![name!] = value.join(': ');
    }
  }
  return rules;
}

describe('header files for static hosts', () => {
  it('_headers isolates everything under the base path and caches hashed assets', () => {
    expect(parseNetlify(netlifyHeaders('/'))).toEqual({
      '/*': isolation,
      '/_astro/*': { 'Cache-Control': 'public, max-age=31536000, immutable' },
    });
    expect(Object.keys(parseNetlify(netlifyHeaders('/course/')))).toEqual(['/course/*', '/course/_astro/*']);
  });

  it('vercel.json has the same rules as path patterns', () => {
    const config = JSON.parse(vercelJson('/course/')) as { headers: Array<{ source: string; headers: Array<{ key: string; value: string }> }> };
    expect(config.headers.map((rule) => rule.source)).toEqual(['/course/(.*)', '/course/_astro/(.*)']);
    expect(Object.fromEntries(config.headers[0]!.headers.map((h) => [h.key, h.value]))).toEqual(isolation);
  });

  it('the nginx snippet adds the headers on every status and shows the location to include it in', () => {
    const text = nginxHeaders('/course/');
    expect(text).toContain('add_header Cross-Origin-Opener-Policy "same-origin" always;');
    expect(text).toContain('add_header Cross-Origin-Embedder-Policy "require-corp" always;');
    expect(text).toContain('add_header Cross-Origin-Resource-Policy "same-origin" always;');
    expect(text).toContain('#   location /course/ {');
    // Only comments and add_header lines: safe to include inside any location block.
    expect(text.split('\n').filter((l) => l && !l.startsWith('#') && !l.startsWith('add_header '))).toEqual([]);
  });

  it('writes one file per host plus .nojekyll for GitHub Pages branch deploys', () => {
    expect(Object.keys(hostFiles('/')).sort()).toEqual(['.nojekyll', '_headers', 'nginx-headers.conf', 'vercel.json']);
  });
});
