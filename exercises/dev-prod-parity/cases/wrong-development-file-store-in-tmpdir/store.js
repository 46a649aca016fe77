// Where polls are kept.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

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

// Same interface, persisted to a JSON file so it survives restarts like the real store does.
export function fileStore(file = path.join(os.tmpdir(), 'straw-polls.json')) {
  async function load() {
    try {
      return JSON.parse(await fs.readFile(file, 'utf8'));
    } catch {
      return {};
    }
  }
  return {
    async get(key) {
      return (await load())[key];
    },
    async put(key, value) {
      const all = await load();
      all[key] = value;
      await fs.writeFile(file, JSON.stringify(all));
    },
  };
}
