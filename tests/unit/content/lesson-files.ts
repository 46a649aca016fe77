import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A lesson file split into what the content tests look at. */
export interface LessonFile {
  slug: string;
  file: string;
  data: Record<string, unknown>;
  body: string;
  /** The body with fenced code removed, for checks on prose and structure. */
  prose: string;
}

export function readLessons(dir = 'content'): LessonFile[] {
  return readdirSync(dir)
    .filter((name) => /\.mdx?$/.test(name))
    .map((name) => {
      const file = `${dir}/${name}`;
      const text = readFileSync(file, 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`${file}: no frontmatter block at the top`);
      const body = match[2]!;
      return {
        slug: name.replace(/\.mdx?$/, ''),
        file,
        data: parse(match[1]!) as Record<string, unknown>,
        body,
        prose: body.replace(/^[ \t]*(`{3,}|~{3,})[\s\S]*?^[ \t]*\1[ \t]*$/gm, ''),
      };
    });
}

/** Opening lines of fenced code blocks, with the language (info string) if any. */
export function codeFences(body: string): { line: number; lang: string }[] {
  const fences: { line: number; lang: string }[] = [];
  let open: string | undefined;
  body.split('\n').forEach((text, i) => {
    const m = /^[ \t]*(`{3,}|~{3,})(.*)$/.exec(text);
    if (!m) return;
    if (open === undefined) {
      open = m[1]!;
      fences.push({ line: i + 1, lang: m[2]!.trim().split(/\s+/)[0] ?? '' });
    } else if (m[1]!.startsWith(open) && m[2]!.trim() === '') {
      open = undefined;
    }
  });
  return fences;
}

export function headings(prose: string, depth: number): string[] {
  const marker = '#'.repeat(depth);
  return [...prose.matchAll(new RegExp(`^${marker} (.+)$`, 'gm'))].map((m) => m[1]!.trim());
}

/** Headings with nothing under them before the next heading of the same or a higher level. */
export function emptySections(body: string): string[] {
  const lines = body.split('\n');
  const fenced = new Set(codeFenceLines(lines));
  const marks = lines
    .map((text, i) => ({ text, i, depth: /^(#{1,6}) /.exec(text)?.[1]!.length ?? 0 }))
    .filter((h) => h.depth > 0 && !fenced.has(h.i));
  return marks
    .filter((h, k) => {
      const next = marks.slice(k + 1).find((m) => m.depth <= h.depth);
      const child = marks[k + 1];
      if (child && child.depth > h.depth && (!next || child.i < next.i)) return false;
      return lines.slice(h.i + 1, next?.i ?? lines.length).join('').trim() === '';
    })
    .map((h) => h.text);
}

function codeFenceLines(lines: string[]): number[] {
  const inside: number[] = [];
  let open: string | undefined;
  lines.forEach((text, i) => {
    const m = /^[ \t]*(`{3,}|~{3,})(.*)$/.exec(text);
    if (open !== undefined) inside.push(i);
    if (!m) return;
    if (open === undefined) open = m[1]!;
    else if (m[1]!.startsWith(open) && m[2]!.trim() === '') open = undefined;
  });
  return inside;
}
