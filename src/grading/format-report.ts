import type { GradeResult } from './grade-result.ts';

/** A GradeResult as text for a terminal: ✓/✗ per test, with message, hint and output under failures. */
export function formatReport(result: GradeResult, title?: string): string {
  const lines: string[] = [];
  const passed = result.tests.filter((test) => test.status === 'pass').length;
  const time = `${(result.durationMs / 1000).toFixed(1)} s`;
  const heading = title ? `${result.exercise} — ${title}` : result.exercise;
  if (result.status === 'error') {
    lines.push(`${heading}: could not be graded (${time})`, `  ${result.message ?? 'unknown error'}`);
  } else {
    const verdict = result.status === 'pass' ? 'PASS' : 'FAIL';
    lines.push(`${heading}: ${verdict} — ${passed} of ${result.tests.length} tests pass (${time})`);
  }
  for (const test of result.tests) {
    lines.push('', `${test.status === 'pass' ? '✓' : '✗'} ${test.name}`);
    if (test.status === 'pass') continue;
    if (test.message) lines.push(...indent(test.message, '    '));
    if (test.hint) lines.push(...indent(`hint: ${test.hint}`, '    '));
    if (test.output) lines.push('    output:', ...indent(test.output.replace(/\n$/, ''), '    | '));
  }
  return `${lines.join('\n')}\n`;
}

function indent(text: string, prefix: string): string[] {
  return text.split('\n').map((line) => `${prefix}${line}`);
}
