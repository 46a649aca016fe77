/** Run tests: save, sync, grade, show the verdict, remember it, and mark the lesson complete on a pass. */
import { markCompleted } from '../../scripts/course-store.ts';
import { celebrate } from '../ui/celebrate.ts';
import { focusResults, renderResults, revealResults, summarise } from '../ui/results-view.ts';
import type { WorkbenchContext } from './context.ts';

/**
 * `from` says how the learner asked: the Run tests button hands focus to the results (the verdict is what they
 * wait for); Ctrl/Cmd+Enter is pressed while typing, so focus stays where it was and the verdict is announced
 * by the status line (a polite live region) while the results scroll into view.
 */
export async function runTests(ctx: WorkbenchContext, from: 'button' | 'shortcut' = 'button'): Promise<void> {
  if (ctx.busy.grading) return;
  ctx.busy.grading = true;
  ctx.refreshToolbar();
  try {
    ctx.autosave.flush();
    ctx.status.say('Running the hidden tests…');
    const sandbox = await ctx.connection.ready;
    if (!sandbox) {
      ctx.status.say('The tests cannot run because the sandbox is not available (see the message above).');
      return;
    }
    await ctx.connection.syncNow();
    const result = await sandbox.grade();
    const firstPass = result.status === 'pass' && !ctx.progress.passed;
    ctx.progress.lastResult = result;
    if (result.status === 'pass') {
      ctx.progress.passed = true;
      markCompleted(ctx.lessonSlug);
    }
    ctx.saveProgress();
    const { results, resultsSummary, resultsList } = ctx.ui;
    renderResults(results, resultsSummary, resultsList, result);
    if (result.status === 'pass') celebrate(results, firstPass);
    ctx.status.say(summarise(result));
    if (from === 'button') focusResults(results);
    else revealResults(results);
  } finally {
    ctx.busy.grading = false;
    ctx.refreshToolbar();
  }
}
