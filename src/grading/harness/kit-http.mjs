// The kit's HTTP client: the part of fetch() that tests use, built on node:http.
// Why not fetch itself: fetch is undici, whose first use costs a Node process 60–250 ms of CPU and each request
// a few ms more than node:http. A grade makes dozens of requests from test processes that live about a second,
// so undici was a large share of every grade's CPU (measured: 20 requests cost ≈ 210 ms with fetch, ≈ 65 ms with
// this, on Node 24 and Node 20 alike).
//
// What it keeps from fetch: the promise resolves once the headers arrive; `status`, `statusText`, `ok`, `url`,
// `redirected`, `headers` (get, has, getSetCookie, forEach, entries, iteration), `text()`, `json()`,
// `arrayBuffer()`, `bodyUsed`; init `method`, `headers` (object, pairs or Headers-like), `body` (string,
// Buffer/Uint8Array/ArrayBuffer, URLSearchParams), `redirect` ('follow' | 'manual' | 'error') and `signal`.
// Failures look like fetch's: TypeError('fetch failed') with the socket error as `cause` (cause.code is e.g.
// 'ECONNREFUSED'); an aborted signal rejects with its reason (a TimeoutError for AbortSignal.timeout).
// What it leaves out: `body` as a web stream, `clone()`, `blob()`, `formData()`, compression, keep-alive (each
// request has its own connection, so an idle socket never keeps a correctly closing app alive).
import http from 'node:http';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

export async function httpFetch(input, init = {}) {
  let url = new URL(String(input));
  if (url.protocol !== 'http:') throw new TypeError(`httpFetch: only http: URLs are supported, got ${url.protocol}`);
  let method = String(init.method ?? 'GET').toUpperCase();
  const headers = headerEntries(init.headers);
  let body = encodeBody(init.body, headers);
  const redirect = init.redirect ?? 'follow';
  const signal = init.signal ?? undefined;
  for (let hops = 0; ; hops += 1) {
    const response = await send(url, method, headers, body, signal, hops > 0);
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null || redirect === 'manual') return response;
    await response.arrayBuffer(); // frees the connection before the next hop
    if (redirect === 'error') throw new TypeError('fetch failed', { cause: new Error(`unexpected redirect to ${location}`) });
    if (hops + 1 > MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
    url = new URL(location, url);
    // As browsers and fetch do: 303 always, and 301/302 after a POST, continue as a GET without a body.
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = undefined;
      for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) {
        headers.delete(name);
      }
    }
  }
}

/** init.headers → Map of lower-case name → value, in fetch's accepted shapes. */
function headerEntries(init) {
  const headers = new Map();
  if (init === undefined || init === null) return headers;
  const pairs = typeof init[Symbol.iterator] === 'function' ? init
    : typeof init.entries === 'function' ? init.entries() : Object.entries(init);
  for (const [name, value] of pairs) {
    if (value === undefined) continue;
    const key = String(name).toLowerCase();
    headers.set(key, headers.has(key) ? `${headers.get(key)}, ${value}` : String(value));
  }
  return headers;
}

/** init.body → Buffer (or undefined), adding the content-type fetch would add. */
function encodeBody(body, headers) {
  if (body === undefined || body === null) return undefined;
  const type = (value) => { if (!headers.has('content-type')) headers.set('content-type', value); };
  if (typeof body === 'string') {
    type('text/plain;charset=UTF-8');
    return Buffer.from(body, 'utf8');
  }
  if (body instanceof URLSearchParams) {
    type('application/x-www-form-urlencoded;charset=UTF-8');
    return Buffer.from(body.toString(), 'utf8');
  }
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError(`httpFetch: body must be a string, Buffer, Uint8Array, ArrayBuffer or URLSearchParams, got ${Object.prototype.toString.call(body)}`);
}

function send(url, method, headers, body, signal, redirected) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const outgoing = { accept: '*/*', ...Object.fromEntries(headers) };
    if (body !== undefined) outgoing['content-length'] = String(body.length);
    const request = http.request(url, { method, headers: outgoing, agent: false });
    let settled = false;
    const onAbort = () => request.destroy(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    request.on('error', (error) => {
      done();
      if (settled) return;
      settled = true;
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
    });
    request.on('response', (incoming) => {
      settled = true;
      resolve(new KitResponse(incoming, url, redirected, signal, done));
    });
    request.end(body);
  });
}

class KitResponse {
  #incoming;
  #signal;
  #done;
  #bytes;
  constructor(incoming, url, redirected, signal, done) {
    this.#incoming = incoming;
    this.#signal = signal;
    this.#done = done;
    this.status = incoming.statusCode;
    this.statusText = incoming.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    this.url = url.href;
    this.redirected = redirected;
    this.headers = new KitHeaders(incoming.rawHeaders);
    this.bodyUsed = false;
  }

  arrayBuffer() {
    this.bodyUsed = true;
    this.#bytes ??= new Promise((resolve, reject) => {
      const chunks = [];
      const incoming = this.#incoming;
      incoming.on('data', (chunk) => chunks.push(chunk));
      incoming.on('end', () => {
        this.#done();
        const all = Buffer.concat(chunks);
        resolve(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength));
      });
      const fail = (error) => {
        this.#done();
        reject(this.#signal?.aborted ? this.#signal.reason : new TypeError('terminated', { cause: error }));
      };
      incoming.on('error', fail);
      // A connection cut before the end of the body: 'close' without 'end' (whether or not 'error' came).
      incoming.on('close', () => { if (!incoming.complete) fail(new Error('the connection closed before the body ended')); });
    });
    return this.#bytes;
  }

  async text() {
    return Buffer.from(await this.arrayBuffer()).toString('utf8');
  }

  async json() {
    return JSON.parse(await this.text());
  }
}

class KitHeaders {
  #values = new Map(); // lower-case name → [values]
  constructor(raw) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i].toLowerCase();
      this.#values.set(name, [...(this.#values.get(name) ?? []), raw[i + 1]]);
    }
  }

  get(name) {
    const values = this.#values.get(String(name).toLowerCase());
    return values ? values.join(', ') : null;
  }

  has(name) {
    return this.#values.has(String(name).toLowerCase());
  }

  getSetCookie() {
    return [...(this.#values.get('set-cookie') ?? [])];
  }

  *entries() {
    for (const name of [...this.#values.keys()].sort()) yield [name, this.get(name)];
  }

  *keys() {
    for (const [name] of this.entries()) yield name;
  }

  *values() {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback, thisArg) {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }

  [Symbol.iterator]() {
    return this.entries();
  }
}
