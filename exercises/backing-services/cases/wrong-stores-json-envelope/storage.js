// The avatars' object store, an attached resource: where it lives is the deploy's business (STORAGE_URL).
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

  return {
    // Each object is a small JSON document holding the type and the bytes, so the type is never lost.
    async put(name, bytes, type) {
      const body = JSON.stringify({ type, data: bytes.toString('base64') });
      const res = await call(objectUrl(name), { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
      if (!res.ok) throw new StoreUnavailable(`the object store answered ${res.status} to PUT`);
    },
    /** The object, or undefined when the store has none. */
    async get(name) {
      const res = await call(objectUrl(name));
      if (res.status === 404) return undefined;
      if (!res.ok) throw new StoreUnavailable(`the object store answered ${res.status} to GET`);
      const { type, data } = await res.json();
      return { type, bytes: Buffer.from(data, 'base64') };
    },
  };
}
