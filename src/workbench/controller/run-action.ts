/** Run / Stop: start the learner's app with their environment, stream its output to the terminal. */
import { parseEnvText } from '../state/env-text.ts';
import type { WorkbenchContext } from './context.ts';

export async function toggleRun(ctx: WorkbenchContext): Promise<void> {
  if (ctx.busy.running) {
    ctx.busy.running.abort();
    return;
  }
  const { ui } = ctx;
  const parsed = parseEnvText(ui.env.value);
  if ('error' in parsed) {
    ui.envError.textContent = `Environment for Run: ${parsed.error}`;
    ui.envError.hidden = false;
    (ui.env.closest('details') as HTMLDetailsElement | null)?.setAttribute('open', '');
    ui.env.focus();
    return;
  }
  ui.envError.hidden = true;
  ctx.autosave.flush();
  const sandbox = await ctx.connection.ready;
  if (!sandbox) {
    ctx.status.say('Your app cannot run because the sandbox is not available (see the message above).');
    return;
  }
  const controller = new AbortController();
  ctx.busy.running = controller;
  ctx.refreshToolbar();
  try {
    await ctx.connection.syncNow();
    const terminal = await ctx.terminal;
    const names = Object.keys(parsed.env);
    terminal.note(`$ ${names.length > 0 ? `${names.map((n) => `${n}=…`).join(' ')} ` : ''}node ${ctx.exercise.main}`);
    ctx.status.say('Your app is running; its output appears in the terminal.');
    const end = await sandbox.run({
      onOutput: (text) => terminal.write(text),
      env: parsed.env,
      signal: controller.signal,
      terminal: terminal.size(),
    });
    const tone = end.reason === 'failed' || end.reason === 'timeout' || (end.reason === 'exited' && end.code !== 0) ? 'bad' : 'info';
    terminal.note(end.message, tone);
    ctx.status.say(end.message);
  } finally {
    ctx.busy.running = undefined;
    ctx.refreshToolbar();
  }
}
