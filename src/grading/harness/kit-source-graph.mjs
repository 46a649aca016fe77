// Reading the learner's code where behaviour cannot show it: only the files the app runs (the import graph of
// its entry points), never a dev helper script or a test of the learner's own, and through a small lexer, so a
// comment or a string that merely names something ("// no longer needs child_process") is not taken for code.
// Plain JavaScript, no dependencies: it runs beside the hidden tests, in the browser's bundle too.
import { appFileExists, readAppFile } from './kit.mjs';

const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);
const PUNCTUATORS = ['>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>', '**'];

/**
 * Tokens of JavaScript source: { type: 'name' | 'string' | 'template' | 'regex' | 'number' | 'punct', value, line }.
 * Comments are dropped. A template's literal parts are one token each (`opens` on one that a ${…} follows); the
 * expressions inside are tokenised.
 * Good enough for finding imports and literals; it never evaluates anything.
 */
export function tokenize(text, comments = []) {
  const tokens = [];
  const braces = []; // for each open `{`: whether it opened a template's ${ … }
  let line = 1;
  let i = 0;
  const last = () => tokens.at(-1);
  const regexAllowed = () => {
    const prev = last();
    if (!prev) return true;
    if (prev.type === 'name') return REGEX_AFTER_WORD.has(prev.value);
    if (prev.type === 'punct') return ![')', ']'].includes(prev.value);
    return false;
  };
  const push = (type, value, startLine) => tokens.push({ type, value, line: startLine });
  const readTemplatePart = () => { // from after ` or }, up to ` or ${
    let value = '';
    const startLine = line;
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') { value += text.slice(i, i + 2); i += 2; continue; }
      if (c === '`') { i += 1; push('template', value, startLine); return; }
      if (c === '$' && text[i + 1] === '{') { i += 2; push('template', value, startLine); last().opens = true; braces.push(true); return; }
      if (c === '\n') line += 1;
      value += c;
      i += 1;
    }
    push('template', value, startLine);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') { line += 1; i += 1; continue; }
    if (/\s/.test(c)) { i += 1; continue; }
    if (c === '/' && text[i + 1] === '/') {
      const start = i;
      while (i < text.length && text[i] !== '\n') i += 1;
      comments.push([start, i]);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      line += (text.slice(i, stop).match(/\n/g) ?? []).length;
      comments.push([i, stop]);
      i = stop;
      continue;
    }
    if (c === '#' && i === 0 && text[1] === '!') { while (i < text.length && text[i] !== '\n') i += 1; continue; }
    if (c === '"' || c === "'") {
      let value = '';
      i += 1;
      while (i < text.length && text[i] !== c && text[i] !== '\n') {
        if (text[i] === '\\') { value += unescape(text[i + 1]); i += 2; continue; }
        value += text[i];
        i += 1;
      }
      i += 1;
      push('string', value, line);
      continue;
    }
    if (c === '`') { i += 1; readTemplatePart(); continue; }
    if (c === '}' && braces.at(-1) === true) { braces.pop(); i += 1; readTemplatePart(); continue; }
    if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n') {
        if (text[j] === '\\') { j += 2; continue; }
        if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        else if (text[j] === '/' && !inClass) break;
        j += 1;
      }
      j += 1;
      while (j < text.length && /[a-z]/i.test(text[j])) j += 1;
      push('regex', text.slice(i, j), line);
      i = j;
      continue;
    }
    const word = /^[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*/.exec(text.slice(i, i + 200));
    if (word) { push('name', word[0], line); i += word[0].length; continue; }
    const number = /^(?:0[xob][\da-f_]+|\d[\d_]*(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+)n?/i.exec(text.slice(i, i + 100));
    if (number) { push('number', number[0], line); i += number[0].length; continue; }
    const punct = PUNCTUATORS.find((p) => text.startsWith(p, i)) ?? c;
    if (punct === '{') braces.push(false);
    if (punct === '}') braces.pop();
    push('punct', punct, line);
    i += punct.length;
  }
  return tokens;
}

function unescape(c) {
  return { n: '\n', t: '\t', r: '\r', 0: '\0' }[c] ?? c ?? '';
}

/** The module specifiers a file imports: static and dynamic import, export … from, require(). */
export function importsOf(text) {
  const tokens = tokenize(text);
  const found = [];
  const at = (k) => tokens[k];
  // A template is a literal specifier only when whole: a part that opens a ${…} is the start of a computed one.
  const isString = (token) => token?.type === 'string' || (token?.type === 'template' && !token.opens);
  for (let k = 0; k < tokens.length; k += 1) {
    const token = at(k);
    if (token.type !== 'name') continue;
    const prev = at(k - 1);
    if (prev?.type === 'punct' && (prev.value === '.' || prev.value === '?.')) continue; // obj.require, obj.import
    if ((token.value === 'require' || token.value === 'import') && at(k + 1)?.value === '(' && isString(at(k + 2))) {
      found.push({ specifier: at(k + 2).value, line: token.line });
    } else if (token.value === 'import' && isString(at(k + 1))) {
      found.push({ specifier: at(k + 1).value, line: token.line });
    } else if ((token.value === 'import' || token.value === 'export') && at(k + 1)?.value !== '(' && at(k + 1)?.value !== '.') {
      // import x, { y } from 'z' / export { a } from 'b' / export * as c from 'd': a `from` before the statement ends
      for (let m = k + 1; m < Math.min(tokens.length, k + 200); m += 1) {
        const t = at(m);
        if (t.type === 'punct' && t.value === ';') break;
        if (t.type === 'name' && ['const', 'let', 'var', 'function', 'class', 'default', 'async'].includes(t.value) && m === k + 1) break;
        if (t.type === 'name' && t.value === 'from' && isString(at(m + 1))) {
          found.push({ specifier: at(m + 1).value, line: token.line });
          break;
        }
      }
    }
  }
  return found;
}

const CANDIDATES = ['', '.js', '.mjs', '.cjs', '/index.js', '/index.mjs', '/index.cjs'];

function resolveLocal(fromRel, specifier) {
  const base = fromRel.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') base.pop();
    else if (part !== '.' && part !== '') base.push(part);
  }
  const rel = base.join('/');
  return CANDIDATES.map((suffix) => `${rel}${suffix}`).find((candidate) => /\.(c|m)?js$/.test(candidate) && appFileExists(candidate));
}

/**
 * The learner's files the app runs from its entry points (e.g. server.js and migrate.js), following relative
 * imports: [{ rel, text, imports }]. Packages and Node's own modules are listed in imports, not followed.
 */
export function importGraph(entries) {
  const files = [];
  const seen = new Set();
  const queue = entries.filter((entry) => appFileExists(entry));
  while (queue.length > 0) {
    const rel = queue.shift();
    if (seen.has(rel)) continue;
    seen.add(rel);
    const text = readAppFile(rel);
    const imports = importsOf(text);
    files.push({ rel, text, imports });
    for (const { specifier } of imports) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveLocal(rel, specifier);
      if (target && !seen.has(target)) queue.push(target);
    }
  }
  return files;
}

/** The text with comments blanked out (line structure kept), for line-based looks at code. */
export function withoutComments(text) {
  const comments = [];
  tokenize(text, comments);
  let out = '';
  let from = 0;
  for (const [start, end] of comments) {
    out += text.slice(from, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    from = end;
  }
  return out + text.slice(from);
}
