/**
 * The terminal: xterm, loaded on demand. It shows what Run prints (both sandboxes) and, with WebContainer,
 * can host an interactive shell. Keyboard: Escape leaves the terminal; while no shell is attached, Tab moves
 * focus as usual instead of being swallowed.
 */
import type { Terminal } from '@xterm/xterm';

export interface TerminalPanel {
  /** Raw output (may contain terminal escapes); "\n" is shown as a new line. */
  write(text: string): void;
  /** A line from the workbench itself, dimmed or coloured so it reads apart from the app's output. */
  note(text: string, tone?: 'info' | 'ok' | 'bad'): void;
  clear(): void;
  size(): { cols: number; rows: number };
  /** Keystrokes go to `handler` (a shell) — or nowhere, read-only, when undefined. */
  attachInput(handler: ((data: string) => void) | undefined): void;
  onResize(handler: (size: { cols: number; rows: number }) => void): void;
  focus(): void;
  dispose(): void;
}

// Info is bright black (the theme's muted text), not SGR 2 "dim": xterm draws dim at half opacity, which falls
// below AA contrast on both themes.
const TONES = { info: '\x1b[90m', ok: '\x1b[32m', bad: '\x1b[31m' } as const;

function themeFromPage() {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string) => style.getPropertyValue(name).trim();
  const dark = document.documentElement.dataset.theme === 'dark';
  return {
    background: v('--bg-sunken') || (dark ? '#0d100f' : '#f2f0ea'),
    foreground: v('--text') || (dark ? '#e7ece9' : '#1d2321'),
    cursor: v('--accent') || '#1a6b58',
    selectionBackground: dark ? '#2f5a4d' : '#b9dccf',
    // ANSI colours readable on both backgrounds (the defaults assume black).
    // In dark, the notes' colours (TONES) come from the site's tokens too: xterm's default red is below AA there.
    ...(dark
      ? { brightBlack: v('--text-muted') || '#a9b5b0', green: v('--ok') || '#6fd58f', red: v('--bad') || '#ff8f8f' }
      : { black: '#1d2321', brightBlack: '#4f5a56', green: '#1c6b37', red: '#a3262a', yellow: '#8a5200', blue: '#2055d5', white: '#4f5a56', brightWhite: '#1d2321' }),
  };
}

export async function createTerminal(container: HTMLElement, onEscape: () => void): Promise<TerminalPanel> {
  const [{ Terminal: XTerm }, { FitAddon }, { default: css }] = await Promise.all([
    import('@xterm/xterm'),
    import('@xterm/addon-fit'),
    // As a string, injected here: a CSS import would make Astro link it into every lesson page's <head>.
    import('@xterm/xterm/css/xterm.css?inline'),
  ]);
  if (!document.querySelector('style[data-source="xterm"]')) {
    document.head.append(Object.assign(document.createElement('style'), { textContent: css }));
    document.head.lastElementChild?.setAttribute('data-source', 'xterm');
  }
  const term: Terminal = new XTerm({
    convertEol: true,
    disableStdin: true,
    cursorBlink: false,
    fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono') || 'monospace',
    fontSize: 13,
    scrollback: 2000,
    theme: themeFromPage(),
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  container.replaceChildren();
  term.open(container);
  let input: ((data: string) => void) | undefined;
  term.attachCustomKeyEventHandler((event) => {
    if (event.type === 'keydown' && event.key === 'Escape') {
      onEscape();
      return false;
    }
    // Read-only: let Tab do what Tab does everywhere else.
    if (!input && event.key === 'Tab') return false;
    return true;
  });
  term.onData((data) => input?.(data));
  const refit = () => {
    if (container.offsetParent !== null) fit.fit();
  };
  const resizeObserver = new ResizeObserver(refit);
  resizeObserver.observe(container);
  const themeObserver = new MutationObserver(() => (term.options.theme = themeFromPage()));
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  refit();

  return {
    write: (text) => term.write(text),
    note: (text, tone = 'info') => term.write(`${TONES[tone]}${text}\x1b[0m\r\n`),
    clear: () => term.clear(),
    size: () => ({ cols: term.cols, rows: term.rows }),
    attachInput(handler) {
      input = handler;
      term.options.disableStdin = !handler;
      term.options.cursorBlink = Boolean(handler);
    },
    onResize: (handler) => void term.onResize(({ cols, rows }) => handler({ cols, rows })),
    focus: () => term.focus(),
    dispose() {
      resizeObserver.disconnect();
      themeObserver.disconnect();
      term.dispose();
    },
  };
}
