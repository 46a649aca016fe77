import { describe, expect, it } from 'vitest';
import { diffFiles, parentDirs } from '../../../src/workbench/files/file-diff.ts';
import { filesProblem, pathProblem, sortPaths } from '../../../src/workbench/files/paths.ts';
import { parseGradeOutput } from '../../../src/workbench/sandbox/grade-output.ts';
import { readNdjson } from '../../../src/workbench/sandbox/server/ndjson.ts';
import { toFileSystemTree } from '../../../src/workbench/sandbox/webcontainer/file-tree.ts';

describe('learner paths', () => {
  it.each(['server.js', 'lib/config.js', 'a-b_c.d/e.mjs', '.env.example'])('accepts %s', (path) => {
    expect(pathProblem(path)).toBeUndefined();
  });
  it.each(['', '/etc/passwd', 'C:/x', '../x', 'a/../b', 'a//b', './a', 'a\\b', 'a\u0000b', '.grading/kit.mjs', 'node_modules/x/index.js', '.git/config'])(
    'refuses %j', (path) => {
      expect(pathProblem(path)).toEqual(expect.any(String));
    },
  );
  it('classifies size problems apart from path problems', () => {
    expect(filesProblem({ 'a.js': 'x'.repeat(300 * 1024) })?.kind).toBe('size');
    expect(filesProblem({ '../a.js': '' })?.kind).toBe('path');
    expect(filesProblem({ 'a.js': 'ok' })).toBeUndefined();
  });
  it('sorts folders before files at each level', () => {
    expect(sortPaths(['server.js', 'config/index.js', 'README.md', 'config/a/b.js'])).toEqual(['config/a/b.js', 'config/index.js', 'README.md', 'server.js']);
  });
});

describe('file diffs and trees', () => {
  it('diffs two working copies', () => {
    expect(diffFiles({ a: '1', b: '2', c: '3' }, { a: '1', b: 'two', d: '4' })).toEqual({ write: { b: 'two', d: '4' }, remove: ['c'] });
  });
  it('lists parent folders outermost first', () => {
    expect(parentDirs('a/b/c.js')).toEqual(['a', 'a/b']);
    expect(parentDirs('c.js')).toEqual([]);
  });
  it('builds a WebContainer tree', () => {
    expect(toFileSystemTree({ 'a.js': '1', 'lib/b.js': '2' })).toEqual({
      'a.js': { file: { contents: '1' } },
      lib: { directory: { 'b.js': { file: { contents: '2' } } } },
    });
  });
});

describe('reading grader output', () => {
  const result = { version: 1, exercise: 'x', status: 'fail', tests: [{ name: 't', status: 'fail', message: 'm' }], durationMs: 5 };
  it('takes the GradeResult line out of terminal output with colours and CRs', () => {
    const output = `\u001b[32msome noise\u001b[0m\r\n${JSON.stringify(result)}\r\n`;
    expect(parseGradeOutput('x', output)).toEqual(result);
  });
  it('turns missing or malformed output into an error that quotes the last line', () => {
    const parsed = parseGradeOutput('x', 'Error: boom\n{"version":2}\n');
    expect(parsed.status).toBe('error');
    expect(parsed.message).toContain('Error: boom');
  });
});

describe('NDJSON', () => {
  it('yields values across chunk boundaries', async () => {
    const bytes = new TextEncoder().encode('{"a":1}\n{"b"');
    const rest = new TextEncoder().encode(':2}\n{"c":3}');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.enqueue(rest);
        controller.close();
      },
    });
    const values: unknown[] = [];
    for await (const value of readNdjson(stream)) values.push(value);
    expect(values).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });
});
