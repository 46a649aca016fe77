// The avatars' object store, an attached resource: where it lives is the deploy's business (STORAGE_URL).
export class StoreUnavailable extends Error {}

const TYPES = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', svg: 'image/svg+xml', webp: 'image/webp', gif: 'image/gif' };

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
    // The type is implied by the file name, so the store only needs the bytes.
    async put(name, bytes) {
      const res = await call(objectUrl(name), { method: 'PUT', body: bytes });
      if (!res.ok) throw new StoreUnavailable(`the object store answered ${res.status} to PUT`);
    },
    async get(name) {
      const res = await call(objectUrl(name));
      if (res.status === 404) return undefined;
      if (!res.ok) throw new StoreUnavailable(`the object store answered ${res.status} to GET`);
      const type = TYPES[name.split('.').pop().toLowerCase()] ?? 'application/octet-stream';
      return { type, bytes: Buffer.from(await res.arrayBuffer()) };
    },
  };
}
