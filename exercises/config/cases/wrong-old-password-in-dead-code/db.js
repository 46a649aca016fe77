// Kept for scripts/migrate-legacy.js until the old database is gone. Not used by the service.
export const LEGACY_DATABASE_URL = 'http://orders:' + 's3cr3t-beans' + '@localhost:5984/orders';

// A tiny client for the orders database, which speaks CouchDB's HTTP API.
export function connect(databaseUrl) {
  const url = new URL(databaseUrl);
  // fetch refuses URLs with credentials in them: send them as a Basic auth header instead.
  const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  const authorization = url.username ? `Basic ${Buffer.from(user).toString('base64')}` : undefined;
  url.username = '';
  url.password = '';
  const base = url.href.replace(/\/$/, '');

  async function get(path) {
    const headers = { accept: 'application/json' };
    if (authorization) headers.authorization = authorization;
    const res = await fetch(`${base}${path}`, { headers });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`the database answered ${res.status}`);
    return res.json();
  }

  return {
    async listOrders() {
      const body = await get('/_all_docs?include_docs=true');
      return body.rows.map((row) => row.doc);
    },
    getOrder(id) {
      return get(`/${encodeURIComponent(id)}`);
    },
  };
}
