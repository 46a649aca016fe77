// The key-value store client as a CommonJS module (the team's other services share it this way).
'use strict';

function kvStore(baseUrl) {
  if (!baseUrl) throw new Error('STORE_URL is not set: point it at the key-value store (npm run kv starts one locally)');
  const url = (key) => new URL(encodeURIComponent(key), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  return {
    async get(key) {
      const res = await fetch(url(key));
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`store answered ${res.status} to GET ${key}`);
      return res.json();
    },
    async put(key, value) {
      const res = await fetch(url(key), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
      if (!res.ok) throw new Error(`store answered ${res.status} to PUT ${key}`);
    },
  };
}

module.exports = { kvStore };
