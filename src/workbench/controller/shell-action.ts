/**
 * The interactive shell (WebContainer's jsh) in the terminal, opened on request. The server sandbox has no
 * shell: running arbitrary commands on a shared course server is not something to offer casually.
 */
import type { ShellSession } from '../sandbox/sandbox.ts';
import type { WorkbenchContext } from './context.ts';

let session: ShellSession | undefined;

export async function toggleShell(ctx: WorkbenchContext): Promise<void> {
  const button = ctx.ui.buttons.shell;
  const terminal = await ctx.terminal;
  if (session) {
    session.kill();
    return;
  }
  const sandbox = await ctx.connection.ready;
  if (!sandbox?.startShell) return;
  await ctx.connection.syncNow();
  const size = terminal.size();
  const shell = await sandbox.startShell({ onOutput: (text) => terminal.write(text), ...size });
  session = shell;
  terminal.attachInput((data) => shell.write(data));
  terminal.onResize(({ cols, rows }) => session === shell && shell.resize(cols, rows));
  button.textContent = 'Close the shell';
  terminal.focus();
  void shell.exit.finally(() => {
    session = undefined;
    terminal.attachInput(undefined);
    terminal.note('The shell ended.');
    button.textContent = 'Open a shell';
  });
}
