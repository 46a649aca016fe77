import { markCompleted, readJSON, writeJSON } from '../scripts/course-store.ts';

/**
 * <tf-quiz>: enables the radio buttons rendered by Quiz.astro (disabled so the no-JS page reads
 * as a list), reveals explanations after an answer and remembers answers with the learner's progress.
 */
type Answers = Record<string, number>;

class QuizElement extends HTMLElement {
  private get lesson(): string {
    return this.dataset.lesson ?? '';
  }

  connectedCallback(): void {
    if (this.classList.contains('enhanced')) return;
    this.classList.add('enhanced');
    for (const input of this.querySelectorAll<HTMLInputElement>('input[type=radio]')) {
      input.disabled = false;
      input.addEventListener('change', () => this.answer(this.questionIndex(input), Number(input.value)));
    }
    this.querySelector('.quiz-reset')?.addEventListener('click', () => this.reset());
    const saved = readJSON<Answers>(`quiz:${this.lesson}`, {});
    for (const [qi, oi] of Object.entries(saved)) this.show(Number(qi), oi);
    this.updateScore();
  }

  private questions(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>('.quiz-question')];
  }

  private questionIndex(input: HTMLElement): number {
    return Number(input.closest<HTMLElement>('.quiz-question')?.dataset.index ?? -1);
  }

  private answer(qi: number, oi: number): void {
    const saved = readJSON<Answers>(`quiz:${this.lesson}`, {});
    saved[qi] = oi;
    writeJSON(`quiz:${this.lesson}`, saved);
    this.show(qi, oi);
    this.updateScore();
  }

  private show(qi: number, oi: number): void {
    const question = this.questions()[qi];
    if (!question) return;
    const options = [...question.querySelectorAll<HTMLElement>('.quiz-option')];
    const chosen = options[oi];
    if (!chosen) return;
    question.classList.add('answered');
    options.forEach((option, i) => {
      const input = option.querySelector('input')!;
      input.checked = i === oi;
      input.disabled = true;
      option.querySelector<HTMLElement>('.quiz-explain')!.hidden = false;
      option.classList.toggle('chosen', i === oi);
    });
    const right = chosen.dataset.correct === 'true';
    question.classList.toggle('right', right);
    question.classList.toggle('wrong', !right);
    const feedback = question.querySelector('.quiz-feedback')!;
    feedback.textContent = right ? 'Correct.' : 'Not quite — the explanations say why.';
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
    writeJSON(`quiz:${this.lesson}`, {});
    for (const question of this.questions()) {
      question.classList.remove('answered', 'right', 'wrong');
      question.querySelector('.quiz-feedback')!.textContent = '';
      for (const option of question.querySelectorAll<HTMLElement>('.quiz-option')) {
        option.classList.remove('chosen');
        option.querySelector<HTMLElement>('.quiz-explain')!.hidden = true;
        const input = option.querySelector('input')!;
        input.checked = false;
        input.disabled = false;
      }
    }
    this.updateScore();
    this.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
  }
}

if (!customElements.get('tf-quiz')) customElements.define('tf-quiz', QuizElement);
