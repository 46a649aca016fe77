// The avatars' object store, an attached resource: where it lives is the deploy's business (STORAGE_URL).
import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

export class StoreUnavailable extends Error {}

export function connectStore(storageUrl) {
  const bucket = storageUrl.replace(/\/+$/, '');
  const objectUrl = (name) => `${bucket}/${encodeURIComponent(name)}`;

  async function call(url, init) {
    try {
      return await fetch(url, init);
    } catch (error) {
      throw new StoreUnavailable(`the object store cannot be reached (${error.cause?.code ?? error.message})`);
    }
  }

  // A write-through cache in the user's cache folder saves a round trip to the store for pictures this
  // machine has seen.
  const cache = path.join(homedir(), '.cache', 'avatars');
  mkdirSync(cache, { recursive: true });
  const cached = (name) => path.join(cache, encodeURIComponent(name));

  return {
    async put(name, bytes, type) {
      const res = await call(objectUrl(name), { method: 'PUT', headers: { 'content-type': type }, body: bytes });
      if (!res.ok) throw new StoreUnavailable(`the object store answered ${res.status} to PUT`);
      await writeFile(cached(name), bytes);
      await writeFile(`${cached(name)}.type`, type);
    },
    /** The object, or undefined when the store has none. */
    async get(name) {
      try {
        return { bytes: await readFile(cached(name)), type: await readFile(`${cached(name)}.type`, 'utf8') };
      } catch {
        // not cached here: ask the store
      }
      const res = await call(objectUrl(name));
      if (res.status === 404) return undefined;
      if (!res.ok) throw new StoreUnavailable(`the object store answered ${res.status} to GET`);
      return { type: res.headers.get('content-type') ?? 'application/octet-stream', bytes: Buffer.from(await res.arrayBuffer()) };
    },
  };
}
