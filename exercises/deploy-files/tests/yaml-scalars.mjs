// Scalars and flow collections for yaml-lite.mjs: quoted strings with their escapes, plain values (numbers,
// booleans, null as YAML reads them), and one-line-or-more [a, b] / {a: b} collections.

export function readQuoted(text, start, fail) {
  const quote = text[start];
  let value = '';
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i += 1;
        } else return { value, length: i + 1 - start };
      } else value += c;
      continue;
    }
    if (c === '"') return { value, length: i + 1 - start };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const e = text[i + 1];
    const simple = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', 0: '\0', ' ': ' ', e: '\x1b', b: '\b' };
    if (e in simple) {
      value += simple[e];
      i += 1;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = { x: 2, u: 4, U: 8 }[e];
      const hex = text.slice(i + 2, i + 2 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) fail(`bad escape \\${e}${hex} in a double-quoted string`);
      value += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + n;
    } else fail(`unknown escape \\${e ?? ''} in a double-quoted string; write \\\\ for a backslash`);
  }
  return fail('a quoted string is not closed on this line; quote each value on one line, or use | for text over several lines');
}

export function plain(text) {
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^(null|Null|NULL|~)$/.test(text)) return null;
  if (/^[-+]?\d+$/.test(text) && !/^[-+]?0\d/.test(text)) return Number(text);
  if (/^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

export function balanced(text) {
  let depth = 0;
  let quote;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === '\\') i += 1;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth += 1;
    else if (c === ']' || c === '}') depth -= 1;
  }
  return depth <= 0;
}

export class FlowReader {
  constructor(text, fail) {
    this.text = text;
    this.i = 0;
    this.fail = fail;
  }

  skip() {
    while (/\s/.test(this.text[this.i] ?? '')) this.i += 1;
  }

  end() {
    this.skip();
    if (this.i < this.text.length) this.fail(`unexpected text after the closing bracket: "${short(this.text.slice(this.i))}"`);
  }

  collection() {
    this.skip();
    const open = this.text[this.i];
    const close = open === '[' ? ']' : '}';
    const result = open === '[' ? [] : {};
    this.i += 1;
    for (;;) {
      this.skip();
      if (this.text[this.i] === close) {
        this.i += 1;
        return result;
      }
      if (open === '[') result.push(this.item(',]'));
      else {
        const key = this.item(':,}', true);
        this.skip();
        let value = null;
        if (this.text[this.i] === ':') {
          this.i += 1;
          value = this.item(',}');
        }
        if (Object.hasOwn(result, String(key))) this.fail(`the key "${key}" appears twice in { … }`);
        result[String(key)] = value;
      }
      this.skip();
      const c = this.text[this.i];
      if (c === ',') this.i += 1;
      else if (c !== close) this.fail(c === undefined ? `the ${open} is never closed` : `expected "," or "${close}" in a ${open} … ${close} list, found "${c}"`);
    }
  }

  item(stops, isKey = false) {
    this.skip();
    const c = this.text[this.i];
    if (c === '[' || c === '{') return this.collection();
    if (c === '"' || c === "'") {
      const { value, length } = readQuoted(this.text, this.i, this.fail);
      this.i += length;
      return value;
    }
    if (c === '&' || c === '*' || c === '!') this.fail('anchors, aliases and tags are not supported here; write the value out');
    let j = this.i;
    while (j < this.text.length) {
      const d = this.text[j];
      if (d === ':' && stops.includes(':') && /[\s,}\]]/.test(this.text[j + 1] ?? ' ')) break;
      if ((d === ',' || d === ']' || d === '}') && stops.includes(d)) break;
      if (d === '[' || d === '{' || d === ']' || d === '}') this.fail(`unexpected "${d}" inside a flow value; quote the value`);
      j += 1;
    }
    const raw = this.text.slice(this.i, j).trim();
    this.i = j;
    return isKey ? raw : plain(raw);
  }
}

export function short(text) {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
