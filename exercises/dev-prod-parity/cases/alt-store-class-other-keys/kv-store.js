// Client for the team's key-value store (README.md). The same class talks to the local
// stand-in from `npm run kv` and to production; only the URL differs.
export class KvStore {
  constructor(baseUrl, { prefix = '' } = {}) {
    let url;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new Error(`STORE_URL must be a URL such as http://127.0.0.1:6380, got ${JSON.stringify(baseUrl)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`STORE_URL must be http:// or https://, got ${url.protocol}`);
    }
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.base = url;
    this.prefix = prefix;
  }

  #url(key) {
    return new URL(encodeURIComponent(this.prefix + key), this.base);
  }

  async get(key) {
    const res = await fetch(this.#url(key));
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`store answered ${res.status} to GET ${key}`);
    return JSON.parse(await res.text());
  }

  async put(key, value) {
    const res = await fetch(this.#url(key), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(value),
    });
    if (!res.ok) throw new Error(`store answered ${res.status} to PUT ${key}`);
  }
}
