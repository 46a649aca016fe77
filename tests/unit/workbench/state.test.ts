import { describe, expect, it } from 'vitest';
import { parseEnvText } from '../../../src/workbench/state/env-text.ts';
import { makeSubmission, readSubmission } from '../../../src/workbench/state/submission.ts';
import { parseSubmission } from '../../../src/grading/submission.ts';
import { Workspace, type WorkspaceChange } from '../../../src/workbench/state/workspace.ts';
import { hintButtonLabel } from '../../../src/workbench/ui/hints-view.ts';
import { summarise } from '../../../src/workbench/ui/results-view.ts';

describe('Workspace', () => {
  const files = { 'server.js': 'a', 'lib/db.js': 'b', 'package.json': '{}' };

  it('opens the main file and lists files folders first', () => {
    const ws = new Workspace(files, [], 'server.js');
    expect(ws.active).toBe('server.js');
    expect(ws.open).toEqual(['server.js']);
    expect(ws.paths).toEqual(['lib/db.js', 'package.json', 'server.js']);
  });

  it('drops remembered tabs for files that no longer exist', () => {
    const ws = new Workspace(files, ['gone.js', 'lib/db.js'], 'gone.js');
    expect(ws.open).toEqual(['lib/db.js']);
    expect(ws.active).toBe('lib/db.js');
  });

  it('reports edits, and ignores edits that change nothing', () => {
    const ws = new Workspace(files);
    const changes: WorkspaceChange[] = [];
    ws.on((change) => changes.push(change));
    ws.edit('server.js', 'a');
    ws.edit('server.js', 'a2', true);
    expect(changes).toEqual([{ type: 'edit', path: 'server.js', fromEditor: true }]);
    expect(ws.read('server.js')).toBe('a2');
  });

  it('creates files with safe, free names only', () => {
    const ws = new Workspace(files);
    expect(ws.create('.env.example')).toBeUndefined();
    expect(ws.active).toBe('.env.example');
    expect(ws.create('server.js')).toMatch(/already exists/);
    expect(ws.create('../x.js')).toMatch(/segment/);
    expect(ws.create('.grading/kit.mjs')).toMatch(/sandbox owns/);
    expect(ws.create('lib')).toMatch(/clashes/);
  });

  it('removing the active file moves to another open tab', () => {
    const ws = new Workspace(files, ['server.js', 'lib/db.js'], 'server.js');
    ws.remove('server.js');
    expect(ws.active).toBe('lib/db.js');
    expect(ws.read('server.js')).toBeUndefined();
  });

  it('replaceAll keeps the tabs that still exist', () => {
    const ws = new Workspace(files, ['server.js', 'lib/db.js'], 'lib/db.js');
    ws.replaceAll({ 'server.js': 'fresh' });
    expect(ws.open).toEqual(['server.js']);
    expect(ws.active).toBe('server.js');
    expect(ws.files).toEqual({ 'server.js': 'fresh' });
  });
});

describe('Environment for Run', () => {
  it('reads NAME=value lines like a .env file', () => {
    expect(parseEnvText('# comment\nDATABASE_URL=postgres://u:p@h/db?x=1\n\nexport MODE="test"\nEMPTY=')).toEqual({
      env: { DATABASE_URL: 'postgres://u:p@h/db?x=1', MODE: 'test', EMPTY: '' },
    });
  });
  it('says which line is wrong', () => {
    expect(parseEnvText('OK=1\nnot a pair')).toEqual({ error: expect.stringContaining('Line 2') });
    expect(parseEnvText('1BAD=x')).toEqual({ error: expect.stringContaining('not a variable name') });
  });
});

describe('Download my work', () => {
  const result = { version: 1 as const, exercise: 'config', status: 'pass' as const, tests: [], durationMs: 3 };

  it('round-trips files and the last result', () => {
    const text = JSON.stringify(makeSubmission('twelve-factor-lab', 'config', { 'server.js': 'x' }, result));
    expect(readSubmission(text, 'config')).toEqual({ files: { 'server.js': 'x' }, result });
  });

  it('writes what npm run regrade reads', () => {
    const parsed = parseSubmission(JSON.stringify(makeSubmission('ops-101', 'config', { 'server.js': 'x' }, result)));
    expect(parsed).toMatchObject({ ok: true, submission: { courseId: 'ops-101', exercises: { config: { files: { 'server.js': 'x' }, result } } } });
    expect(parseSubmission(JSON.stringify(makeSubmission('ops-101', 'config', {}, null))).ok).toBe(true);
  });

  it('refuses other files, other exercises and unsafe paths, saying why', () => {
    expect(readSubmission('nope', 'config')).toEqual({ error: expect.stringContaining('not JSON') });
    expect(readSubmission('{"format":"x"}', 'config')).toEqual({ error: expect.stringContaining('Download my work') });
    const other = JSON.stringify(makeSubmission('c', 'logs', {}, null));
    expect(readSubmission(other, 'config')).toEqual({ error: expect.stringContaining('work for “logs”, not this exercise') });
    const unsafe = JSON.stringify(makeSubmission('c', 'config', { '../../etc/passwd': 'x' }, null));
    expect(readSubmission(unsafe, 'config')).toEqual({ error: expect.stringContaining('cannot be imported') });
  });
});

describe('words on screen', () => {
  it('summarises a verdict', () => {
    const test = (status: 'pass' | 'fail') => ({ name: status, status });
    expect(summarise({ version: 1, exercise: 'x', status: 'fail', tests: [test('pass'), test('fail')], durationMs: 1 })).toBe('1 of 2 tests pass. Open a failing test to see what is wrong.');
    expect(summarise({ version: 1, exercise: 'x', status: 'error', message: 'server.js line 3: SyntaxError', tests: [], durationMs: 1 })).toContain('server.js line 3');
  });
  it('labels the hint button by progress', () => {
    expect(hintButtonLabel(['a', 'b', 'c'], 0)).toBe('Hint');
    expect(hintButtonLabel(['a', 'b', 'c'], 1)).toBe('Hint 2 of 3');
    expect(hintButtonLabel(['a', 'b', 'c'], 3)).toBe('No more hints');
  });
});
