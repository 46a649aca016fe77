// Splits a POSIX shell script into simple commands, as far as the graders need: words with quotes removed,
// leading NAME=value assignments, redirections, and whether the command's output goes into a pipe. It does not
// expand anything; `$VAR`, `${VAR}` and `$(…)` stay in the words as written, so callers can look for them.

const OPERATORS = ['&&', '||', ';;', ';', '|&', '|', '&', '(', ')'];
const REDIRECT = /^(\d*|&)(>>|>\||>&|>|<<-|<<<|<<|<&|<>|<)/;

/** The simple commands of `script`, in order: { words, assignments, redirects, pipedOut, text }. */
export function shellCommands(script) {
  const commands = [];
  let current = fresh();
  const finish = (op) => {
    if (current.words.length > 0 || current.assignments.length > 0 || current.redirects.length > 0) {
      current.pipedOut = op === '|' || op === '|&';
      commands.push(current);
    }
    current = fresh();
  };
  for (const token of tokenize(script)) {
    if (token.op) finish(token.op);
    else if (token.redirect) current.redirects.push({ op: token.redirect, target: token.target ?? '' });
    else if (current.words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(token.raw) && !token.quotedName) {
      const at = token.word.indexOf('=');
      current.assignments.push({ name: token.word.slice(0, at), value: token.word.slice(at + 1) });
    } else current.words.push(token.word);
    if (!token.op) current.text = `${current.text} ${token.raw}`.trim();
  }
  finish();
  return commands;
}

function fresh() {
  return { words: [], assignments: [], redirects: [], pipedOut: false, text: '' };
}

function* tokenize(script) {
  const s = script.replace(/\\\r?\n/g, '');
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\n') {
      yield { op: '\n' };
      i += 1;
      continue;
    }
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '#') {
      while (i < s.length && s[i] !== '\n') i += 1;
      continue;
    }
    const op = OPERATORS.find((o) => s.startsWith(o, i));
    const redirect = s.slice(i).match(REDIRECT);
    if (redirect && !(redirect[1] === '&' && s[i + 1] !== '>')) {
      i += redirect[0].length;
      while (s[i] === ' ' || s[i] === '\t') i += 1;
      const target = readWord(s, i);
      i = target.end;
      yield { redirect: redirect[0], target: target.word, raw: redirect[0] + target.raw };
      continue;
    }
    if (op) {
      yield { op };
      i += op.length;
      continue;
    }
    const word = readWord(s, i);
    i = word.end;
    yield { word: word.word, raw: word.raw, quotedName: word.quotedName };
  }
}

/** One shell word starting at i: quotes removed, $(…), ${…} and `…` kept whole. */
function readWord(s, start) {
  let i = start;
  let word = '';
  let quotedName = false;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c) || ';&|()<>'.includes(c)) {
      if (c === '>' || c === '<' || c === '&' || c === '|' || c === ';' || c === '(' || c === ')' || /\s/.test(c)) break;
    }
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      const stop = end === -1 ? s.length : end;
      if (!word.includes('=')) quotedName = true;
      word += s.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '"') {
      if (!word.includes('=')) quotedName = true;
      i += 1;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && '"\\$`'.includes(s[i + 1] ?? '')) {
          word += s[i + 1];
          i += 2;
        } else if (s[i] === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
          const end = balancedEnd(s, i + 1);
          word += s.slice(i, end);
          i = end;
        } else {
          word += s[i];
          i += 1;
        }
      }
      i += 1;
    } else if (c === '\\') {
      word += s[i + 1] ?? '';
      i += 2;
    } else if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
      const end = balancedEnd(s, i + 1);
      word += s.slice(i, end);
      i = end;
    } else if (c === '`') {
      const end = s.indexOf('`', i + 1);
      const stop = end === -1 ? s.length : end + 1;
      word += s.slice(i, stop);
      i = stop;
    } else {
      word += c;
      i += 1;
    }
  }
  return { word, raw: s.slice(start, i), end: i, quotedName };
}

/** Index just past the bracket group opening at s[open] ("(" or "{"), skipping quoted text. */
function balancedEnd(s, open) {
  const pairs = { '(': ')', '{': '}' };
  const stack = [pairs[s[open]]];
  let i = open + 1;
  while (i < s.length && stack.length > 0) {
    const c = s[i];
    if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      i = end === -1 ? s.length : end + 1;
      continue;
    }
    if (c === '(' || c === '{') stack.push(pairs[c]);
    else if (c === stack[stack.length - 1]) stack.pop();
    i += 1;
  }
  return i;
}

/** The script of `sh -c "<script>"` (or bash/ash/dash, with -e/-x style flags before -c), else undefined. */
export function shellDashC(words) {
  if (!/^(\/(usr\/)?bin\/)?(sh|bash|ash|dash)$/.test(words[0] ?? '')) return undefined;
  for (let i = 1; i < words.length; i += 1) {
    if (/^-[a-z]*c[a-z]*$/.test(words[i])) return words[i + 1];
    if (!words[i].startsWith('-')) return undefined;
  }
  return undefined;
}
