/**
 * Two channels for telling the learner what is going on: a polite status line (loading, saved, running)
 * and an alert box for what needs attention (boot failure, sandbox restarted), optionally with actions.
 */
import { h } from './dom.ts';

export interface AlertAction {
  label: string;
  run: () => void;
}

export class StatusView {
  readonly #status: HTMLElement;
  readonly #alert: HTMLElement;

  constructor(status: HTMLElement, alert: HTMLElement) {
    this.#status = status;
    this.#alert = alert;
  }

  say(text: string): void {
    this.#status.textContent = text;
  }

  /** Shows a message that needs attention; `tone` colours it, actions become buttons. */
  alert(title: string, text: string, tone: 'bad' | 'warn' | 'info' = 'warn', actions: AlertAction[] = []): void {
    const close = h('button', { type: 'button', class: 'wb-alert-close', 'aria-label': 'Dismiss this message', onclick: () => this.clearAlert() }, '×');
    const buttons = actions.map((action) => h('button', { type: 'button', class: 'button', onclick: () => action.run() }, action.label));
    this.#alert.replaceChildren(
      h('p', { class: 'wb-alert-title' }, title),
      h('p', { class: 'wb-alert-text' }, text),
      ...(buttons.length > 0 ? [h('div', { class: 'wb-alert-actions' }, ...buttons)] : []),
      close,
    );
    this.#alert.dataset.tone = tone;
    this.#alert.hidden = false;
  }

  clearAlert(): void {
    this.#alert.hidden = true;
    this.#alert.replaceChildren();
  }
}
