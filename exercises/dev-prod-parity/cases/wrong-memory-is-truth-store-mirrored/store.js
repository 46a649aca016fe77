// Where polls are kept.

// The team's key-value store, spoken to over HTTP (see README.md).
export function kvStore(baseUrl) {
  const url = (key) => `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(key)}`;
  return {
    async get(key) {
      const res = await fetch(url(key));
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`store answered ${res.status} to GET ${key}`);
      return res.json();
    },
    async put(key, value) {
      const res = await fetch(url(key), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(value),
      });
      if (!res.ok) throw new Error(`store answered ${res.status} to PUT ${key}`);
    },
  };
}
