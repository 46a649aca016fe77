/**
 * Confirm and prompt on the native <dialog> (modal, focus kept inside, Escape cancels, focus returns to
 * where it was) — instead of window.confirm, which cannot be styled or explained.
 */
import { must } from './dom.ts';

export interface ConfirmOptions {
  title: string;
  text: string;
  confirmLabel: string;
}

export interface PromptOptions extends ConfirmOptions {
  label: string;
  value?: string;
  /** Why the value is not acceptable, or undefined; the dialog stays open until it is. */
  validate?: (value: string) => string | undefined;
}

export class Dialogs {
  readonly #dialog: HTMLDialogElement;

  constructor(dialog: HTMLDialogElement) {
    this.#dialog = dialog;
  }

  confirm(options: ConfirmOptions): Promise<boolean> {
    return this.#open(options, undefined).then((value) => value !== undefined);
  }

  prompt(options: PromptOptions): Promise<string | undefined> {
    return this.#open(options, options);
  }

  #open(options: ConfirmOptions, prompt: PromptOptions | undefined): Promise<string | undefined> {
    const d = this.#dialog;
    const field = must(d, '[data-wb-dialog-field]');
    const input = must<HTMLInputElement>(d, '[data-wb-dialog-input]');
    const error = must(d, '[data-wb-dialog-error]');
    const ok = must<HTMLButtonElement>(d, '[data-wb-dialog-ok]');
    must(d, '[data-wb-dialog-title]').textContent = options.title;
    must(d, '[data-wb-dialog-text]').textContent = options.text;
    ok.textContent = options.confirmLabel;
    field.hidden = !prompt;
    error.hidden = true;
    if (prompt) {
      must(d, '[data-wb-dialog-label]').textContent = prompt.label;
      input.value = prompt.value ?? '';
    }
    const previous = document.activeElement as HTMLElement | null;
    return new Promise((resolve) => {
      const onSubmit = (event: SubmitEvent) => {
        const confirmed = (event.submitter as HTMLButtonElement | null)?.value === 'ok';
        if (confirmed && prompt?.validate) {
          const problem = prompt.validate(input.value.trim());
          if (problem) {
            event.preventDefault(); // keep the dialog open
            error.textContent = problem;
            error.hidden = false;
            input.focus();
            return;
          }
        }
        d.returnValue = confirmed ? 'ok' : 'cancel';
      };
      // Enter in the field means OK (implicit submission would pick Cancel, the form's first button).
      const onKey = (event: KeyboardEvent) => {
        if (event.key !== 'Enter') return;
        event.preventDefault();
        ok.form?.requestSubmit(ok);
      };
      const onClose = () => {
        d.removeEventListener('submit', onSubmit);
        input.removeEventListener('keydown', onKey);
        previous?.focus();
        resolve(d.returnValue === 'ok' ? (prompt ? input.value.trim() : 'ok') : undefined);
      };
      d.addEventListener('submit', onSubmit);
      input.addEventListener('keydown', onKey);
      d.addEventListener('close', onClose, { once: true });
      d.returnValue = 'cancel';
      d.showModal();
      (prompt ? input : ok).focus();
    });
  }
}
