// The team's key-value store, spoken to over HTTP (see README.md). Used in every environment.
const TIMEOUT_MS = 2000;

export function kvStore(baseUrl) {
  if (!baseUrl) throw new Error('kvStore needs the store URL (STORE_URL)');
  const url = (key) => `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(key)}`;
  return {
    async get(key) {
      const res = await fetch(url(key), { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`store answered ${res.status} to GET ${key}`);
      return res.json();
    },
    async put(key, value) {
      const res = await fetch(url(key), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(value),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`store answered ${res.status} to PUT ${key}`);
    },
  };
}
