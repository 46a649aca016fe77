import { describe, expect, it } from 'vitest';
import { importsOf, tokenize, withoutComments } from '../../../src/grading/harness/kit-source-graph.mjs';

const specifiers = (text: string): string[] => (importsOf(text) as { specifier: string }[]).map((found) => found.specifier);

describe('the kit\'s source lexer (kit-source-graph.mjs)', () => {
  it('finds static, side-effect, re-export, dynamic and require imports', () => {
    const text = [
      "import express from 'express';",
      "import './side-effect.js';",
      "import { a, b as c } from \"./named.mjs\";",
      "export * as all from './all.js';",
      "export { x } from './x.js';",
      "const pg = require('pg');",
      "const later = await import('./later.js');",
      'const tpl = require(`./plain-template.cjs`);',
    ].join('\n');
    expect(specifiers(text)).toEqual(['express', './side-effect.js', './named.mjs', './all.js', './x.js', 'pg', './later.js', './plain-template.cjs']);
  });

  it('takes no import from comments, strings, template literals or regexes', () => {
    const text = [
      "// import old from 'child_process'",
      "/* const x = require('lodash'); */",
      "const hint = \"require('moment')\";",
      "const single = 'import fs from \\'node:fs\\'';",
      'const tpl = `no longer uses require("request") or ${"import(\'axios\')"}`;',
      "const re = /require\\('left-pad'\\)/;",
      "const ok = require('kept'); // require('not-this')",
    ].join('\n');
    expect(specifiers(text)).toEqual(['kept']);
  });

  it('follows only literal specifiers: a computed import or a method named require is not an import', () => {
    const text = "const name = 'x'; await import(`./${name}.js`); loader.require('y'); obj.import('z'); require(name);";
    expect(specifiers(text)).toEqual([]);
  });

  it('tokenises the expressions inside a template, and counts lines across multi-line tokens', () => {
    const tokens = tokenize('const a = `one\n${require("inner")}\ntwo`;\nrequire("after");') as { type: string; value: string; line: number }[];
    expect(tokens.filter((t) => t.type === 'string').map((t) => [t.value, t.line])).toEqual([['inner', 2], ['after', 4]]);
    expect(specifiers('const a = `one\n${require("inner")}\ntwo`;')).toEqual(['inner']);
  });

  it('blanks comments but keeps code, strings and line structure', () => {
    const text = "const url = 'http://example.test'; // a comment\n/* two\nlines */ const b = 1;";
    const out = withoutComments(text) as string;
    expect(out.split('\n')).toHaveLength(3);
    expect(out).toContain("const url = 'http://example.test';");
    expect(out).not.toMatch(/comment|two|lines/);
    expect(out).toContain('const b = 1;');
  });
});
