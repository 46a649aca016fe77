/**
 * The verdict: one row per hidden test in file order, pass or fail, with the message, the hint and what the
 * app printed. The first failure is opened; passing rows stay closed. Nothing here decides anything.
 */
import type { GradeResult, TestResult } from '../types.ts';
import { h } from './dom.ts';

const ICON: Record<TestResult['status'], string> = { pass: '✓', fail: '✗', error: '!' };
const SPOKEN: Record<TestResult['status'], string> = { pass: 'passed', fail: 'failed', error: 'could not run' };

export function summarise(result: GradeResult): string {
  const passed = result.tests.filter((test) => test.status === 'pass').length;
  if (result.status === 'pass') return `All ${result.tests.length} tests pass. Exercise complete.`;
  if (result.status === 'error') return `The tests could not run: ${result.message ?? 'unknown error'}`;
  return `${passed} of ${result.tests.length} tests pass. Open a failing test to see what is wrong.`;
}

function row(test: TestResult, open: boolean): HTMLLIElement {
  const details = h('details', { class: 'wb-result-details', open },
    h('summary', { class: 'wb-result-summary' },
      h('span', { class: 'wb-result-icon', 'aria-hidden': 'true' }, ICON[test.status]),
      h('span', { class: 'wb-result-name' }, test.name),
      h('span', { class: 'visually-hidden' }, ` — ${SPOKEN[test.status]}`)),
    test.message ? h('p', { class: 'wb-result-message' }, test.message) : null,
    test.hint && test.status !== 'pass' ? h('p', { class: 'wb-result-hint' }, h('strong', {}, 'Hint: '), test.hint) : null,
    test.output ? h('div', { class: 'wb-result-output' },
      h('p', { class: 'wb-result-output-label' }, 'What your app printed'),
      h('pre', {}, test.output)) : null,
    !test.message && !test.output ? h('p', { class: 'wb-result-message' }, test.status === 'pass' ? 'Passed.' : 'No details.') : null,
  );
  return h('li', { class: `wb-result is-${test.status}`, 'data-status': test.status }, details);
}

export function renderResults(section: HTMLElement, summary: HTMLElement, list: HTMLElement, result: GradeResult | null): void {
  section.hidden = result === null;
  section.dataset.status = result?.status ?? '';
  if (!result) return;
  summary.textContent = summarise(result);
  const firstProblem = result.tests.findIndex((test) => test.status !== 'pass');
  list.replaceChildren(...result.tests.map((test, i) => row(test, i === firstProblem)));
}

/** Brings the results into view without touching focus. */
export function revealResults(section: HTMLElement): void {
  section.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
}

/** Brings the results into view and moves focus there, so keyboard and screen-reader users get the verdict. */
export function focusResults(section: HTMLElement): void {
  section.focus({ preventScroll: true });
  revealResults(section);
}
