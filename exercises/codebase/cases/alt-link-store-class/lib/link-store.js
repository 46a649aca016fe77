import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Short links kept in memory; the rules are the same in every deploy. */
export class LinkStore {
  #links = new Map();

  static isShortenable(url) {
    return url.protocol === 'http:' || url.protocol === 'https:';
  }

  #newCode() {
    let code;
    do code = Array.from({ length: 7 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    while (this.#links.has(code));
    return code;
  }

  add(url) {
    const code = this.#newCode();
    this.#links.set(code, { url: url.href, clicks: 0 });
    return code;
  }

  get(code) {
    return this.#links.get(code);
  }

  /** Counts the visit and returns the target, or undefined. */
  visit(code) {
    const link = this.#links.get(code);
    if (!link) return undefined;
    link.clicks += 1;
    return link.url;
  }
}
