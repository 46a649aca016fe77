/**
 * Secrets of class mode. A resume token is 256 random bits, so a plain SHA-256 is enough to keep it useless
 * at rest (a slow password hash protects guessable secrets; nobody can guess these) and it can be looked up
 * by its hash directly, without comparing secrets in application code.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

export function newResumeToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

// No 0/O, 1/I/L: a join code is read aloud and copied from a projector.
const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newJoinCode(length = 8): string {
  let code = '';
  for (let i = 0; i < length; i += 1) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** Join codes are compared without case and spaces, as people type them. */
export function normaliseJoinCode(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

/** One hash for one set of files, whatever order their keys came in. */
export function hashFiles(files: Record<string, string>): string {
  const sorted = Object.keys(files).sort().map((path) => [path, files[path]]);
  return hashSecret(JSON.stringify(sorted));
}

let idSequence = 0;

/**
 * A random id that sorts by creation: milliseconds, then a per-process counter, then randomness. Rows made in
 * the same millisecond (attempts, learners) thus list in the order this process made them.
 */
export function newOrderedId(): string {
  idSequence = (idSequence + 1) % 0x1_0000_0000;
  return `${Date.now().toString(16).padStart(12, '0')}${idSequence.toString(16).padStart(8, '0')}${randomBytes(6).toString('hex')}`;
}
