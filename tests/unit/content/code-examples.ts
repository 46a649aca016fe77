import { readFileSync } from 'node:fs';
import type { LessonFile } from './lesson-files.ts';

/**
 * A fenced code block, or a quiz question's `code`, with where it came from.
 * `meta` is the rest of the fence's info string: ```js deliberately-wrong → lang "js", meta "deliberately-wrong".
 */
export interface CodeExample {
  where: string;
  lang: string;
  meta: string;
  code: string;
}

/**
 * Authors mark a block whose output breaks the course's own logging rule on purpose (the logs lesson's
 * anti-patterns) by adding this word after the language: ```js deliberately-wrong. Shiki ignores it.
 */
export const DELIBERATELY_WRONG = 'deliberately-wrong';

export function codeExamples(lesson: LessonFile): CodeExample[] {
  const examples: CodeExample[] = [];
  const lines = lesson.body.split('\n');
  // Report file line numbers, not body line numbers: the frontmatter comes first.
  const offset = readFileSync(lesson.file, 'utf8').split('\n').length - lines.length;
  let open: { fence: string; lang: string; meta: string; start: number; code: string[] } | undefined;
  lines.forEach((text, i) => {
    const m = /^[ \t]*(`{3,}|~{3,})(.*)$/.exec(text);
    if (open === undefined) {
      if (!m) return;
      const [lang = '', ...meta] = m[2]!.trim().split(/\s+/);
      open = { fence: m[1]!, lang, meta: meta.join(' '), start: i + 1, code: [] };
    } else if (m && m[1]!.startsWith(open.fence) && m[2]!.trim() === '') {
      examples.push({ where: `${lesson.file}:${open.start + offset}`, lang: open.lang, meta: open.meta, code: open.code.join('\n') });
      open = undefined;
    } else {
      open.code.push(text);
    }
  });
  const quiz = (lesson.data.quiz ?? []) as { code?: string; lang?: string }[];
  quiz.forEach((q, i) => {
    if (q.code) examples.push({ where: `${lesson.file} quiz question ${i + 1}`, lang: q.lang ?? '', meta: '', code: q.code });
  });
  return examples;
}

const JS = new Set(['js', 'javascript', 'mjs', 'cjs', 'ts', 'typescript', 'jsx', 'tsx']);
const PYTHON = new Set(['python', 'py']);

/**
 * The calls in a Node or Python example that write a line to stdout without making it a JSON object.
 * The logs exercise fails any non-JSON stdout line, so the course's own examples must not teach one.
 * What counts as JSON: the first argument is JSON.stringify(…) / json.dumps(…), or a template literal that
 * starts with ${JSON.stringify(…)}. Writes to stderr (console.error, print(…, file=sys.stderr)) are not checked.
 */
export function plainStdoutWrites(example: CodeExample): string[] {
  if (example.meta.split(/\s+/).includes(DELIBERATELY_WRONG)) return [];
  if (JS.has(example.lang)) return jsWrites(example.code);
  if (PYTHON.has(example.lang)) return pythonWrites(example.code);
  return [];
}

function jsWrites(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/(?<![\w.])(console\.(?:log|info|debug|dir|table)|process\.stdout\.write)\(/g)) {
    const call = callText(code, m.index + m[0].length - 1);
    const arg = call.slice(1).trimStart();
    const json = arg.startsWith('JSON.stringify(') || arg.startsWith('`${JSON.stringify(');
    if (!json || prettyPrinted(arg) || /^console\.(dir|table)$/.test(m[1]!)) found.push(`${m[1]}${oneLine(call)}`);
  }
  return found;
}

function pythonWrites(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/(?<![\w.])(print|sys\.stdout\.write|pprint\.pprint|pprint)\(/g)) {
    const call = callText(code, m.index + m[0].length - 1);
    if (/\bfile\s*=\s*sys\.stderr\b/.test(call)) continue;
    const json = call.slice(1).trimStart().startsWith('json.dumps(');
    if (!json || /\bindent\s*=/.test(call) || m[1]!.startsWith('pprint')) found.push(`${m[1]}${oneLine(call)}`);
  }
  return found;
}

/** JSON.stringify(value, replacer, 2) spreads one event over many lines: collectors split it into many events. */
function prettyPrinted(arg: string): boolean {
  const call = callText(arg, arg.indexOf('JSON.stringify(') + 'JSON.stringify'.length);
  const space = topLevelArgs(call)[2];
  return space !== undefined && !/^(undefined|0|'')$/.test(space);
}

/** The arguments of a call's text "(a, b, c)", split at the commas that are not nested in brackets or strings. */
function topLevelArgs(call: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 1;
  for (let i = 0; i < call.length; i++) {
    const c = call[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if (!quote && depth === 1 && c === ',') {
      args.push(call.slice(start, i).trim());
      start = i + 1;
    }
    if (depth === 0 && i > 0) {
      args.push(call.slice(start, i).trim());
      break;
    }
  }
  return args;
}

/** The text of a call from its opening parenthesis to the matching close, skipping over string literals. */
function callText(code: string, openAt: number): string {
  let depth = 0;
  let quote: string | undefined;
  for (let i = openAt; i < code.length; i++) {
    const c = code[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return code.slice(openAt, i + 1);
    }
  }
  return code.slice(openAt);
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').slice(0, 120);

/**
 * Runtimes and base images whose support has ended, with the date it ended. An example that pins one teaches
 * readers to ship it. Sources: the Node.js Release WG schedule (github.com/nodejs/Release), python.org's status
 * of Python versions, Debian's security and LTS pages. Add a row when a line reaches its end of life; the test
 * compares with today's date, so a row whose date passes starts failing the lessons that still pin it.
 */
export const endOfLife: { runtime: string; ended: string; matches: (pin: Pin) => boolean }[] = [
  ...[14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25].map((major) => ({
    runtime: `Node.js ${major}`,
    ended: ({ 14: '2023-04-30', 15: '2021-06-01', 16: '2023-09-11', 17: '2022-06-01', 18: '2025-04-30',
      19: '2023-06-01', 20: '2026-04-30', 21: '2024-06-01', 22: '2027-04-30', 23: '2025-06-01',
      25: '2026-06-01' } as Record<number, string>)[major]!,
    matches: (pin: Pin) => pin.kind === 'node' && pin.version === String(major),
  })),
  ...(['3.7:2023-06-27', '3.8:2024-10-07', '3.9:2025-10-31', '3.10:2026-10-31', '3.11:2027-10-31'] as const).map((row) => {
    const [version, ended] = row.split(':') as [string, string];
    return { runtime: `Python ${version}`, ended, matches: (pin: Pin) => pin.kind === 'python' && pin.version === version };
  }),
  // Debian's own security support; the volunteer LTS that follows covers a subset of packages only.
  { runtime: 'Debian 10 (buster)', ended: '2022-09-10', matches: (pin) => pin.kind === 'debian' && /^(buster|10)$/.test(pin.version) },
  { runtime: 'Debian 11 (bullseye)', ended: '2024-08-14', matches: (pin) => pin.kind === 'debian' && /^(bullseye|11)$/.test(pin.version) },
  { runtime: 'Debian 12 (bookworm)', ended: '2026-06-10', matches: (pin) => pin.kind === 'debian' && /^(bookworm|12)$/.test(pin.version) },
];

export interface Pin {
  kind: 'node' | 'python' | 'debian';
  version: string;
  text: string;
}

/** Runtime versions an example pins: image tags, CI versions, engines and requires-python floors. */
export function runtimePins(code: string): Pin[] {
  const pins: Pin[] = [];
  const add = (kind: Pin['kind'], re: RegExp) => {
    for (const m of code.matchAll(re)) pins.push({ kind, version: m[1]!, text: m[0] });
  };
  add('node', /\bnode:(\d+)/g); // node:20, node:20.19-slim
  add('node', /\bnodejs(\d+)\b/g); // gcr.io/distroless/nodejs20-debian12
  add('node', /\bnode-version:\s*['"]?(\d+)/g); // actions/setup-node
  add('node', /"node"\s*:\s*"[\s>=^~v]*(\d+)/g); // engines
  add('python', /\bpython:(\d+\.\d+)/g); // python:3.8-slim
  add('python', /requires-python\s*=\s*"[\s>=~^]*(\d+\.\d+)/g);
  add('python', /\bpython-version:\s*['"]?(\d+\.\d+)/g);
  add('debian', /\b(buster|bullseye|bookworm)\b/g);
  add('debian', /-debian(1\d)\b/g);
  return pins;
}

export function endOfLifePins(example: CodeExample, today: Date): string[] {
  return runtimePins(example.code).flatMap((pin) =>
    endOfLife
      .filter((row) => row.matches(pin) && new Date(`${row.ended}T00:00:00Z`) <= today)
      .map((row) => `${example.where}: "${pin.text.trim()}" pins ${row.runtime}, end of life since ${row.ended}`),
  );
}
