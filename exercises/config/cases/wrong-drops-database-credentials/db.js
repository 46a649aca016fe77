// A tiny client for the orders database, which speaks CouchDB's HTTP API.
export function connect(databaseUrl) {
  // fetch refuses URLs with credentials in them, so keep only the address.
  const url = new URL(databaseUrl);
  const base = `${url.origin}${url.pathname}`.replace(/\/$/, '');

  async function get(path) {
    const res = await fetch(`${base}${path}`, { headers: { accept: 'application/json' } });
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
