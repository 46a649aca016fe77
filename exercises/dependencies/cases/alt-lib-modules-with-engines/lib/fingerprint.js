import { hash } from 'node:crypto';

/** A receipt's id: the SHA-256 (hex) of the bytes that were uploaded. */
export function fingerprint(body) {
  // crypto.hash is the one-shot form of createHash (Node 20.12+, declared in package.json "engines").
  return hash('sha256', body, 'hex');
}
