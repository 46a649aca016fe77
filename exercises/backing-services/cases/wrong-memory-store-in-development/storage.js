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
    async put(name, bytes, type) {
      const res = await call(objectUrl(name), { method: 'PUT', headers: { 'content-type': type }, body: bytes });
      if (!res.ok) throw new StoreUnavailable(`the object store answered ${res.status} to PUT`);
    },
    /** The object, or undefined when the store has none. */
    async get(name) {
      const res = await call(objectUrl(name));
      if (res.status === 404) return undefined;
      if (!res.ok) throw new StoreUnavailable(`the object store answered ${res.status} to GET`);
      return { type: res.headers.get('content-type') ?? 'application/octet-stream', bytes: Buffer.from(await res.arrayBuffer()) };
    },
  };
}
