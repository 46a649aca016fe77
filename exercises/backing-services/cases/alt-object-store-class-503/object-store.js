// Client for the team's object store (plain HTTP: PUT and GET <bucket URL>/<name>).
export class ObjectStoreError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'ObjectStoreError';
  }
}

export class ObjectStore {
  #bucket;
  #timeoutMs;

  /** @param {string | URL} bucketUrl e.g. http://localhost:9000/avatars */
  constructor(bucketUrl, { timeoutMs = 3000 } = {}) {
    const bucket = new URL(bucketUrl);
    if (!bucket.pathname.endsWith('/')) bucket.pathname += '/';
    this.#bucket = bucket;
    this.#timeoutMs = timeoutMs;
  }

  #url(key) {
    return new URL(encodeURIComponent(key), this.#bucket);
  }

  async #fetch(key, init = {}) {
    try {
      return await fetch(this.#url(key), { ...init, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (cause) {
      throw new ObjectStoreError(`object store unreachable at ${this.#bucket.host}`, { cause });
    }
  }

  async putObject(key, body, contentType) {
    const res = await this.#fetch(key, { method: 'PUT', body, headers: { 'Content-Type': contentType } });
    if (res.status < 200 || res.status > 299) throw new ObjectStoreError(`object store refused PUT ${key}: ${res.status}`);
  }

  /** @returns {Promise<{ contentType: string, body: Uint8Array } | null>} */
  async getObject(key) {
    const res = await this.#fetch(key);
    if (res.status === 404) return null;
    if (res.status !== 200) throw new ObjectStoreError(`object store answered ${res.status} for ${key}`);
    return { contentType: res.headers.get('Content-Type') ?? 'application/octet-stream', body: new Uint8Array(await res.arrayBuffer()) };
  }
}
