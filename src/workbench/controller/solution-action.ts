/**
 * Solution: the reference beside the learner's code (read-only diff). Availability follows SOLUTIONS:
 * always, after-pass (the button explains itself until then), never (no button, and no solution.json in
 * the build at all).
 */
import { loadSolution } from '../data/load-exercise.ts';
import type { SolutionDiff } from '../editor/solution-diff.ts';
import type { SolutionData } from '../types.ts';
import { isExpanded, setExpanded } from '../ui/expand.ts';
import type { WorkbenchContext } from './context.ts';

let solution: Promise<SolutionData> | undefined;
let diff: SolutionDiff | undefined;
/** Side by side needs room: the solution view expands the workbench, and gives the room back on close. */
let expandedForSolution = false;

export function solutionAvailable(ctx: WorkbenchContext): boolean {
  const policy = ctx.exercise.solutions;
  return policy === 'always' || (policy === 'after-pass' && ctx.progress.passed);
}

export async function showSolution(ctx: WorkbenchContext): Promise<void> {
  if (!solutionAvailable(ctx)) {
    ctx.status.say('The reference solution opens once every test passes. Try the hints first.');
    return;
  }
  ctx.autosave.flush();
  ctx.status.say('Loading the reference solution…');
  try {
    solution ??= loadSolution(ctx.base, ctx.exercise.id);
    const [data, editor, { createSolutionDiff }] = await Promise.all([solution, ctx.editor, import('../editor/solution-diff.ts')]);
    const { ui } = ctx;
    ui.editor.hidden = true;
    ui.diff.hidden = false;
    if (!isExpanded(ui)) {
      setExpanded(ui, true);
      expandedForSolution = true;
    }
    diff ??= createSolutionDiff(editor.monaco, ui.diffEditor, ui.diffTitle);
    diff.show(ctx.workspace.files, data.files, ctx.workspace.active);
    ui.buttons.closeSolution.focus();
    ctx.status.say('Showing your code beside the reference solution. Your code is unchanged.');
  } catch (error) {
    solution = undefined;
    ctx.status.say(`The solution could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function closeSolution(ctx: WorkbenchContext): Promise<void> {
  ctx.ui.diff.hidden = true;
  ctx.ui.editor.hidden = false;
  if (expandedForSolution) setExpanded(ctx.ui, false);
  expandedForSolution = false;
  // The status line (a live region) still said "Showing your code beside the reference solution".
  ctx.status.say('Back to your code.');
  (await ctx.editor).focus();
}
