import { markCompleted, readJSON, writeJSON } from '../scripts/course-store.ts';
import { newSeed, optionOrder } from './quiz-order.ts';

/**
 * <tf-quiz>: enables the radio buttons rendered by Quiz.astro (disabled so the no-JS page reads as a
 * list), shows each learner the options in an order of their own, and grades a question only when the
 * learner presses its Check button: arrow keys move through a radio group by changing the selection, so
 * grading on "change" locked in whatever the arrow landed on. Each answered question can be retried alone.
 *
 * Stored answers keep the format learners already have: quiz:<lesson> maps a question's index to the
 * index of the chosen option in the source (the radio's value), so a shuffle never changes what is stored.
 */
type Answers = Record<string, number>;

/** A random id per learner and course, kept with the progress; it seeds every quiz's shuffle. */
function learnerSeed(): string {
  const saved = readJSON<string | null>('quiz-seed', null);
  if (typeof saved === 'string' && saved.length > 0) return saved;
  const seed = newSeed();
  writeJSON('quiz-seed', seed);
  return seed;
}

class QuizElement extends HTMLElement {
  private get lesson(): string {
    return this.dataset.lesson ?? '';
  }

  private get storeKey(): string {
    return `quiz:${this.lesson}`;
  }

  connectedCallback(): void {
    if (this.classList.contains('enhanced')) return;
    this.shuffle(learnerSeed());
    this.classList.add('enhanced');
    for (const input of this.querySelectorAll<HTMLInputElement>('input[type=radio]')) input.disabled = false;
    this.questions().forEach((question, qi) => {
      question.querySelector('.quiz-check')?.addEventListener('click', () => this.check(qi));
      question.querySelector('.quiz-retry')?.addEventListener('click', () => this.retry(qi));
    });
    this.querySelector('.quiz-reset')?.addEventListener('click', () => this.reset());
    for (const [qi, oi] of Object.entries(this.saved())) this.show(Number(qi), oi);
    this.updateScore();
  }

  private saved(): Answers {
    const value = readJSON<unknown>(this.storeKey, {});
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Answers) : {};
  }

  private shuffle(seed: string): void {
    this.questions().forEach((question, qi) => {
      const list = question.querySelector('.quiz-options');
      if (!list) return;
      const options = [...list.querySelectorAll<HTMLElement>(':scope > .quiz-option')];
      for (const i of optionOrder(seed, `${this.lesson}#${qi}`, options.length)) list.append(options[i]!);
    });
  }

  private questions(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>('.quiz-question')];
  }

  /** The question's options by their index in the source (the radio's value), whatever order they show in. */
  private optionsOf(question: HTMLElement): Map<number, HTMLElement> {
    const options = new Map<number, HTMLElement>();
    for (const option of question.querySelectorAll<HTMLElement>('.quiz-option')) {
      options.set(Number(option.querySelector('input')!.value), option);
    }
    return options;
  }

  private check(qi: number): void {
    const question = this.questions()[qi];
    if (!question) return;
    const chosen = question.querySelector<HTMLInputElement>('input[type=radio]:checked');
    if (!chosen) {
      question.querySelector('.quiz-feedback')!.textContent = 'Pick an answer first, then press Check.';
      question.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
      return;
    }
    const saved = this.saved();
    saved[qi] = Number(chosen.value);
    writeJSON(this.storeKey, saved);
    this.show(qi, Number(chosen.value));
    this.updateScore();
    // The Check button hides once the question is answered: keep focus in the question, on its retry.
    question.querySelector<HTMLElement>('.quiz-retry')?.focus();
  }

  private show(qi: number, oi: number): void {
    const question = this.questions()[qi];
    if (!question) return;
    const options = this.optionsOf(question);
    const chosen = options.get(oi);
    if (!chosen) return;
    question.classList.add('answered');
    for (const [i, option] of options) {
      const input = option.querySelector('input')!;
      input.checked = i === oi;
      input.disabled = true;
      option.querySelector<HTMLElement>('.quiz-explain')!.hidden = false;
      option.classList.toggle('chosen', i === oi);
    }
    const right = chosen.dataset.correct === 'true';
    question.classList.toggle('right', right);
    question.classList.toggle('wrong', !right);
    question.querySelector<HTMLElement>('.quiz-check')!.hidden = true;
    question.querySelector<HTMLElement>('.quiz-retry')!.hidden = false;
    const feedback = question.querySelector('.quiz-feedback')!;
    feedback.textContent = right ? 'Correct.' : 'Not quite — the explanations say why.';
  }

  private clear(question: HTMLElement): void {
    question.classList.remove('answered', 'right', 'wrong');
    question.querySelector('.quiz-feedback')!.textContent = '';
    question.querySelector<HTMLElement>('.quiz-check')!.hidden = false;
    question.querySelector<HTMLElement>('.quiz-retry')!.hidden = true;
    for (const option of question.querySelectorAll<HTMLElement>('.quiz-option')) {
      option.classList.remove('chosen');
      option.querySelector<HTMLElement>('.quiz-explain')!.hidden = true;
      const input = option.querySelector('input')!;
      input.checked = false;
      input.disabled = false;
    }
  }

  private retry(qi: number): void {
    const question = this.questions()[qi];
    if (!question) return;
    const saved = this.saved();
    delete saved[qi];
    writeJSON(this.storeKey, saved);
    this.clear(question);
    this.updateScore();
    question.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
  }

  private updateScore(): void {
    const total = this.questions().length;
    const answered = this.querySelectorAll('.quiz-question.answered').length;
    const right = this.querySelectorAll('.quiz-question.right').length;
    const score = this.querySelector<HTMLElement>('.quiz-score')!;
    score.textContent = answered === 0 ? '' : `${right} of ${total} right` + (answered < total ? ` — ${total - answered} to go` : '.');
    this.querySelector<HTMLElement>('.quiz-reset')!.hidden = answered === 0;
    if (answered === total && total > 0 && this.dataset.completesLesson === 'true') markCompleted(this.lesson);
  }

  private reset(): void {
    writeJSON(this.storeKey, {});
    for (const question of this.questions()) this.clear(question);
    this.updateScore();
    this.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
  }
}

if (!customElements.get('tf-quiz')) customElements.define('tf-quiz', QuizElement);
