// Sessions live in the shared key-value store, never in this process: any copy of the
// shop can read what another copy wrote, and a restart loses nothing.
export class SessionStore {
  constructor(baseUrl) {
    if (!baseUrl) {
      throw new Error('SESSION_STORE_URL is not set: point it at the shared key-value store (npm run kv starts one on http://127.0.0.1:6380)');
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  #url(sid) {
    return `${this.baseUrl}/session:${encodeURIComponent(sid)}`;
  }

  async get(sid) {
    const res = await fetch(this.#url(sid));
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`session store answered ${res.status} to GET`);
    return JSON.parse(await res.text());
  }

  async set(sid, session) {
    const res = await fetch(this.#url(sid), { method: 'PUT', body: JSON.stringify(session) });
    if (!res.ok) throw new Error(`session store answered ${res.status} to PUT`);
  }

  async delete(sid) {
    const res = await fetch(this.#url(sid), { method: 'DELETE' });
    if (!res.ok && res.status !== 404) throw new Error(`session store answered ${res.status} to DELETE`);
  }
}
