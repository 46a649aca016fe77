// Where an old secret is still in a file, however it is written: as it is (in code, a comment or a README),
// cut into string pieces that are joined at run time ('mw_live_' + ['51c9', …].join('')), as a long enough
// fragment, reversed, or inside a base64 or hex blob. A secret in the repository is shared with everyone who
// can read it.

const FRAGMENT = 8; // characters of a secret that count as a piece of it: too long to occur by chance

/**
 * The contents of the string literals of a JavaScript (or JSON) text, in order, concatenated: the pieces of
 * a secret written apart come together again. Comments are skipped; a template's text counts, its ${…} parts
 * do not. Not a full parser: it only has to keep quotes in comments and regular expressions from starting a
 * string, and a stray quote ends at the end of its line, as JavaScript strings do.
 */
export function joinedStrings(text) {
  let joined = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      i += 1;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\') i += 1;
        else if (text[i] === '\n' && c !== '`') break;
        else if (c === '`' && text[i] === '$' && text[i + 1] === '{') {
          const end = text.indexOf('}', i);
          i = end === -1 ? text.length : end;
          continue;
        } else joined += text[i];
        i += 1;
      }
      i += 1;
    } else {
      i += 1;
    }
  }
  return joined;
}

/** The secret as it may be written down: as it is, reversed, base64-encoded (with or without padding). */
function spellings(secret) {
  const base64 = Buffer.from(secret).toString('base64');
  return [secret, [...secret].reverse().join(''), base64.replace(/=+$/, ''), Buffer.from(secret).toString('base64url')];
}

/**
 * Where `secret` is in `text`: { line } of the first place it or a fragment of it is written (as it is,
 * reversed or base64-encoded), { line: undefined } when it is only found once the file's strings are joined,
 * or undefined.
 */
export function findSecret(text, secret) {
  for (const spelling of spellings(secret)) {
    for (let start = 0; start + FRAGMENT <= spelling.length; start += 1) {
      const index = text.indexOf(spelling.slice(start, start + FRAGMENT));
      if (index !== -1) return { line: text.slice(0, index).split('\n').length };
    }
  }
  if (joinedStrings(text).includes(secret)) return { line: undefined };
  const hidden = decodedRuns(text).find((run) => run.decoded.includes(secret));
  if (hidden) return { line: text.slice(0, hidden.index).split('\n').length };
  return undefined;
}

/**
 * Long runs of base64 or hex in the text, decoded: a secret inside an encoded blob (a JSON of the old
 * settings, base64-encoded) is still in the code.
 */
function decodedRuns(text) {
  const runs = [];
  for (const match of text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    const run = match[0];
    const encodings = /^[0-9a-f]+$/i.test(run) && run.length % 2 === 0 ? ['hex', 'base64'] : ['base64'];
    for (const encoding of encodings) {
      runs.push({ index: match.index, decoded: Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), encoding === 'hex' ? 'hex' : 'base64').toString('latin1') });
    }
  }
  return runs;
}
