// A YAML subset, enough for compose.yaml and GitHub Actions workflows: block maps and lists, plain, quoted and
// block (| and >) scalars, comments, single-document files, and flow collections ([a, b], {a: b}). It ships
// with the hidden tests so that neither the learner nor the sandbox needs a YAML package. What it does not
// support (anchors, aliases, tags, multi-line plain scalars, several documents) is refused with an error naming
// the line, rather than read wrongly: a grader that misreads a file would judge something the learner never wrote.
// Keys stay strings (GitHub's `on:` is a key, not true); plain values become numbers, booleans or null as in YAML.

import { FlowReader, balanced, plain, readQuoted, short } from './yaml-scalars.mjs';

export class YamlError extends Error {}

const lines = new WeakMap(); // container → Map(key or index → 1-based line), for messages that name a line

/** The line where `key` (or list index) of a parsed map or list was written, or undefined. */
export function lineOf(container, key) {
  return lines.get(container)?.get(key);
}

/** Parses `text` (the contents of `file`, named in errors). */
export function parseYaml(text, file) {
  return new Parser(text, file).document();
}

class Parser {
  constructor(text, file) {
    this.file = file;
    this.raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    this.pos = 0;
  }

  fail(lineIndex, message) {
    throw new YamlError(`${this.file} line ${lineIndex + 1}: ${message}`);
  }

  /** The next line with content at or after this.pos: { index, indent, text } with comments removed. */
  peek() {
    for (let i = this.pos; i < this.raw.length; i += 1) {
      const line = this.raw[i];
      if (this.virtual?.index === i) return this.virtual;
      const tab = line.match(/^ *\t/);
      const text = stripComment(line, () => this.fail(i, 'a quoted string is not closed on this line; quote each value on one line, or use | for text over several lines'));
      if (text.trim() === '') continue;
      if (tab) this.fail(i, 'indented with a tab; YAML indentation must use spaces');
      const indent = line.length - line.trimStart().length;
      return { index: i, indent, text: text.trim() };
    }
    return undefined;
  }

  document() {
    let first = this.peek();
    if (first && first.text === '---') {
      this.pos = first.index + 1;
      first = this.peek();
    }
    if (!first) return null;
    if (first.text.startsWith('%')) this.fail(first.index, 'YAML directives (%…) are not supported here; remove the line');
    const value = this.node(first.indent);
    const rest = this.peek();
    if (rest) {
      if (rest.text === '---' || rest.text === '...') this.fail(rest.index, 'a second YAML document (---) is not supported here; keep one document per file');
      this.fail(rest.index, rest.indent > first.indent
        ? 'this line is indented more than the lines around it expect; check its indentation'
        : 'this line is indented less than the first line of the file; check its indentation');
    }
    return value;
  }

  /** The node starting at the next content line, whose indent must be `indent`. */
  node(indent) {
    const line = this.peek();
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(line.indent);
    if (splitKey(line.text, () => this.fail(line.index, 'a quoted key is not closed'))) return this.map(line.indent);
    this.pos = line.index + 1;
    this.virtual = undefined;
    const value = this.inline(line.text, line.index, indent);
    return value;
  }

  map(indent) {
    const map = {};
    const where = new Map();
    lines.set(map, where);
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      if (line.text === '---' || line.text === '...') this.fail(line.index, 'a second YAML document (---) is not supported here; keep one document per file');
      if (line.text === '-' || line.text.startsWith('- ')) this.fail(line.index, 'a list item where a key was expected; indent the list under its key, or add the missing key');
      const split = splitKey(line.text, () => this.fail(line.index, 'a quoted key is not closed'));
      if (!split) this.fail(line.index, `expected "key: value", found "${short(line.text)}"`);
      const { key, rest } = split;
      if (key === '<<') this.fail(line.index, 'merge keys (<<) are not supported here; repeat the keys, or use compose\'s extends:');
      if (key.startsWith('?')) this.fail(line.index, 'complex keys (?) are not supported here');
      if (Object.hasOwn(map, key)) this.fail(line.index, `the key "${key}" appears twice in the same map; keep one`);
      this.pos = line.index + 1;
      this.virtual = undefined;
      where.set(key, line.index + 1);
      map[key] = this.value(rest, line, indent, true);
    }
    return map;
  }

  sequence(indent) {
    const list = [];
    const where = new Map();
    lines.set(list, where);
    for (let line = this.peek(); line && line.indent === indent && (line.text === '-' || line.text.startsWith('- ')); line = this.peek()) {
      const content = line.text === '-' ? '' : line.text.slice(2);
      const offset = line.text.length - content.trimStart().length;
      where.set(list.length, line.index + 1);
      const rest = content.trim();
      if (rest !== '' && (rest === '-' || rest.startsWith('- ') || (!/^[[{"']/.test(rest) || /^["'][^]*?["']\s*:(\s|$)/.test(rest)) && splitKey(rest, () => this.fail(line.index, 'a quoted key is not closed')))) {
        // "- key: value" or "- - item": a nested node whose first line starts after the dash.
        this.virtual = { index: line.index, indent: indent + offset, text: rest };
        list.push(this.node(indent + offset));
        continue;
      }
      this.pos = line.index + 1;
      this.virtual = undefined;
      list.push(this.value(rest, line, indent, false));
    }
    return list;
  }

  /** The value after "key:" or "- " on `line`; nested block content follows on deeper lines. */
  value(rest, line, indent, inMap) {
    if (rest === '') {
      const next = this.peek();
      if (!next) return null;
      if (next.indent > indent) return this.node(next.indent);
      if (inMap && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) return this.sequence(indent);
      return null;
    }
    if (/^[|>]/.test(rest)) return this.blockScalar(rest, line.index, indent);
    return this.inline(rest, line.index, indent);
  }

  /** A scalar or flow collection written on one line (a flow collection may continue on following lines). */
  inline(text, index, indent) {
    if (/^[&*!]/.test(text)) this.fail(index, `${{ '&': 'anchors (&)', '*': 'aliases (*)', '!': 'tags (!)' }[text[0]]} are not supported here; write the value out`);
    if (/^[@`]/.test(text)) this.fail(index, `a plain value cannot start with ${text[0]}; quote it`);
    let source = text;
    if (source.startsWith('[') || source.startsWith('{')) {
      // A flow collection may span lines: join until the brackets balance.
      let end = index;
      while (!balanced(source)) {
        end += 1;
        if (end >= this.raw.length) this.fail(index, `the ${source[0]} opened here is never closed`);
        source += ` ${stripComment(this.raw[end], () => this.fail(end, 'a quoted string is not closed on this line')).trim()}`;
      }
      this.pos = end + 1;
      const reader = new FlowReader(source, (message) => this.fail(index, message));
      const value = reader.collection();
      reader.end();
      this.noDeeper(indent, index);
      return value;
    }
    let value;
    if (source.startsWith('"') || source.startsWith("'")) {
      const { value: quoted, length } = readQuoted(source, 0, (message) => this.fail(index, message));
      if (source.slice(length).trim() !== '') this.fail(index, `unexpected text after the quoted value: "${short(source.slice(length).trim())}"`);
      value = quoted;
    } else {
      if (/:\s/.test(source) || source.endsWith(':')) this.fail(index, `"${short(source)}" looks like a key inside a value; quote the value, or put the key on its own line`);
      value = plain(source);
    }
    this.noDeeper(indent, index);
    return value;
  }

  noDeeper(indent, index) {
    const next = this.peek();
    if (next && next.indent > indent && !(next.index === index)) {
      this.fail(next.index, 'this line continues a value on the line above, or is indented too far; multi-line plain values are not supported here — use | or > for text over several lines, or fix the indentation');
    }
  }

  blockScalar(header, index, indent) {
    const match = header.match(/^([|>])([-+]?)([1-9]?)([-+]?)\s*$/);
    if (!match) this.fail(index, `"${short(header)}" is not a block scalar header; write | or > (optionally |- or >-) and the text on the lines below`);
    const folded = match[1] === '>';
    const chomp = match[2] || match[4];
    let contentIndent = match[3] ? indent + Number(match[3]) : undefined;
    const body = [];
    let i = index + 1;
    for (; i < this.raw.length; i += 1) {
      const line = this.raw[i];
      if (line.trim() === '') {
        body.push('');
        continue;
      }
      const lineIndent = line.length - line.trimStart().length;
      if (contentIndent === undefined) {
        if (lineIndent <= indent) break;
        contentIndent = lineIndent;
      }
      if (lineIndent < contentIndent) break;
      body.push(line.slice(contentIndent));
    }
    // Trailing empty lines belong to the scalar only for chomping; the next node starts at i.
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === '') {
      body.pop();
      trailing += 1;
    }
    this.pos = i;
    this.virtual = undefined;
    let text = folded ? fold(body) : body.join('\n');
    if (body.length === 0) return chomp === '+' ? '\n'.repeat(trailing) : '';
    if (chomp === '-') return text;
    text += '\n';
    if (chomp === '+') text += '\n'.repeat(trailing);
    return text;
  }
}

function fold(body) {
  // Folding: a line break between two text lines becomes a space; an empty line is a line break; lines that
  // start with a space (more indented) keep their breaks.
  const more = (line) => /^\s/.test(line);
  let out = body[0];
  for (let i = 1; i < body.length; i += 1) {
    const line = body[i];
    const prev = body[i - 1];
    if (line === '') out += '\n';
    else if (more(line) || more(prev)) out += `\n${line}`;
    else out += prev === '' ? line : ` ${line}`;
  }
  return out;
}

/** The line without its comment; `#` starts a comment at the start or after a space, outside quotes. */
function stripComment(line, unclosed) {
  let quote;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quote) {
      if (quote === '"' && c === '\\') i += 1;
      else if (c === quote) {
        if (quote === "'" && line[i + 1] === "'") i += 1;
        else quote = undefined;
      }
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i);
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(line[i - 1]))) {
      quote = c;
    }
  }
  if (quote) unclosed();
  return line;
}

/** { key, rest } when text is "key: rest" / "key:" (the key possibly quoted), else undefined. */
function splitKey(text, unclosed) {
  if (text.startsWith('"') || text.startsWith("'")) {
    let read;
    try {
      read = readQuoted(text, 0, () => {
        throw new Error('unclosed');
      });
    } catch {
      return unclosed();
    }
    const after = text.slice(read.length);
    const m = after.match(/^\s*:(\s+|$)/);
    return m ? { key: read.value, rest: after.slice(m[0].length).trim() } : undefined;
  }
  if (text.startsWith('[') || text.startsWith('{')) return undefined;
  const m = text.match(/:(\s|$)/);
  if (!m) return undefined;
  return { key: text.slice(0, m.index).trim(), rest: text.slice(m.index + 1).trim() };
}
