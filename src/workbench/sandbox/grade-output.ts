/**
 * Reading a GradeResult in the browser. The zod schema in src/grading/grade-result.ts is the authority on the
 * server; here a small shape check keeps zod out of the workbench bundle while still refusing garbage.
 */
import type { GradeResult, GradeStatus, TestResult } from '../types.ts';

const STATUSES: readonly GradeStatus[] = ['pass', 'fail', 'error'];

function isTest(value: unknown): value is TestResult {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return typeof t.name === 'string' && STATUSES.includes(t.status as GradeStatus)
    && ['message', 'hint', 'output'].every((key) => t[key] === undefined || typeof t[key] === 'string');
}

export function isGradeResult(value: unknown): value is GradeResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return r.version === 1 && typeof r.exercise === 'string' && STATUSES.includes(r.status as GradeStatus)
    && Array.isArray(r.tests) && r.tests.every(isTest) && typeof r.durationMs === 'number'
    && (r.message === undefined || typeof r.message === 'string')
    && (r.status !== 'error' || typeof r.message === 'string');
}

export function errorResult(exercise: string, message: string, durationMs = 0): GradeResult {
  return { version: 1, exercise, status: 'error', message, tests: [], durationMs };
}

// Terminal control sequences (colours, cursor moves) that a pseudo-terminal may wrap around the JSON line.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/**
 * The harness prints exactly one GradeResult line on stdout; in WebContainer stdout and stderr arrive mixed
 * through a pseudo-terminal, so take the last line that is a GradeResult.
 */
export function parseGradeOutput(exercise: string, output: string): GradeResult {
  const lines = output.replace(ANSI, '').split(/\r?\n|\r/).map((line) => line.trim()).filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (!line.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isGradeResult(value)) return value;
    } catch {
      // not this line
    }
  }
  const last = lines.filter((line) => !line.startsWith('{')).pop();
  return errorResult(exercise, `The grader stopped without a result${last ? `: ${last.slice(0, 300)}` : '.'}`);
}
