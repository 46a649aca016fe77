// The team's key-value store over HTTP. Reads are cached for 30 s: polls change rarely, and the store is
// a network hop away.
const TTL_MS = 30_000;

export function kvStore(baseUrl) {
  const url = (key) => `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(key)}`;
  const cache = new Map();
  return {
    async get(key) {
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < TTL_MS) return structuredClone(hit.value);
      const res = await fetch(url(key));
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`store answered ${res.status} to GET ${key}`);
      const value = await res.json();
      cache.set(key, { value, at: Date.now() });
      return structuredClone(value);
    },
    async put(key, value) {
      const res = await fetch(url(key), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
      if (!res.ok) throw new Error(`store answered ${res.status} to PUT ${key}`);
      cache.set(key, { value: structuredClone(value), at: Date.now() });
    },
  };
}
