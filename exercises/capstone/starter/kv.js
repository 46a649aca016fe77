// Client for the team's key-value store (its HTTP API is in README.md).
// Values are JSON; get() resolves to undefined when the key does not exist.
export function connectStore(baseUrl) {
  const url = (key) => `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(key)}`;

  async function call(method, key, value) {
    const res = await fetch(url(key), {
      method,
      headers: value === undefined ? {} : { 'content-type': 'application/json' },
      body: value === undefined ? undefined : JSON.stringify(value),
    });
    if (method === 'GET' && res.status === 404) return undefined;
    if (!res.ok) throw new Error(`key-value store answered ${res.status} to ${method} ${key}`);
    return method === 'GET' ? JSON.parse(await res.text()) : undefined;
  }

  return {
    get: (key) => call('GET', key),
    put: (key, value) => call('PUT', key, value),
    delete: (key) => call('DELETE', key),
  };
}
