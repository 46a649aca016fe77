/**
 * Actions that replace or remove the learner's code — each one asks first and keeps a way back:
 * Reset and Import save a backup (with an Undo button), and the editor keeps the old text in its undo stack.
 */
import { pathProblem } from '../files/paths.ts';
import { downloadSubmission, makeSubmission, readSubmission } from '../state/submission.ts';
import type { FileMap } from '../types.ts';
import type { WorkbenchContext } from './context.ts';

export function download(ctx: WorkbenchContext): void {
  ctx.autosave.flush();
  downloadSubmission(makeSubmission(ctx.courseId, ctx.exercise.id, ctx.workspace.files, ctx.progress.lastResult));
  ctx.status.say('Your files and your last results were downloaded as a JSON file.');
}

/** Replaces every file, keeping the old ones as a backup the learner can bring back. */
function replaceWithUndo(ctx: WorkbenchContext, files: FileMap, reason: 'reset' | 'import', done: string): void {
  ctx.autosave.flush();
  const before = ctx.workspace.files;
  ctx.store.saveBackup(before, reason);
  ctx.workspace.replaceAll(files);
  ctx.autosave.flush();
  ctx.status.alert(done, 'Your previous code is kept: Undo brings it back (Ctrl+Z in the editor works too).', 'info', [{
    label: reason === 'reset' ? 'Undo reset' : 'Undo import',
    run: () => {
      const backup = ctx.store.loadBackup();
      if (!backup) return;
      ctx.workspace.replaceAll(backup.files);
      ctx.autosave.flush();
      ctx.store.dropBackup();
      ctx.status.clearAlert();
      ctx.status.say('Your previous code is back.');
    },
  }]);
}

export async function reset(ctx: WorkbenchContext): Promise<void> {
  const ok = await ctx.dialogs.confirm({
    title: 'Reset to the starter code?',
    text: 'Your files go back to how the exercise started. Your current code is kept as a backup you can restore with Undo.',
    confirmLabel: 'Reset my code',
  });
  if (!ok) return;
  replaceWithUndo(ctx, ctx.exercise.starter, 'reset', 'Your files were reset to the starter code.');
}

export async function newFile(ctx: WorkbenchContext): Promise<void> {
  const folder = ctx.workspace.active?.includes('/') ? `${ctx.workspace.active.split('/').slice(0, -1).join('/')}/` : '';
  const path = await ctx.dialogs.prompt({
    title: 'New file',
    text: 'Name the file with its folder, if any, e.g. lib/util.js or .env.example.',
    label: 'File name',
    value: folder,
    confirmLabel: 'Create',
    validate: (value) => {
      const problem = pathProblem(value);
      if (problem) return `That name ${problem}.`;
      return value in ctx.workspace.files ? `${value} already exists.` : undefined;
    },
  });
  if (!path) return;
  const problem = ctx.workspace.create(path);
  if (problem) ctx.status.say(`Could not create the file: ${problem}.`);
  else (await ctx.editor).focus();
}

export async function removeFile(ctx: WorkbenchContext, path: string): Promise<void> {
  const ok = await ctx.dialogs.confirm({
    title: `Delete ${path}?`,
    text: 'The file is removed from your project. Reset brings back the starter files if you need them.',
    confirmLabel: 'Delete',
  });
  if (!ok) return;
  ctx.workspace.remove(path);
  ctx.status.say(`${path} was deleted.`);
}

export async function importWork(ctx: WorkbenchContext, file: File): Promise<void> {
  const read = readSubmission(await file.text(), ctx.exercise.id);
  if ('error' in read) {
    ctx.status.alert('Nothing was imported', read.error, 'warn');
    return;
  }
  const ok = await ctx.dialogs.confirm({
    title: `Import ${file.name}?`,
    text: 'Its files replace the ones in the workbench. Your current code is kept as a backup you can restore with Undo.',
    confirmLabel: 'Import',
  });
  if (!ok) return;
  replaceWithUndo(ctx, read.files, 'import', `The files from ${file.name} were imported.`);
}
