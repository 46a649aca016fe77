// Sessions live in the shared key-value store, never in this process.
const base = process.env.SESSION_STORE_URL;
if (!base) {
  console.error('SESSION_STORE_URL is not set: it must point at the key-value store for sessions');
  process.exit(1);
}

const keyUrl = (sid) => `${base.replace(/\/+$/, '')}/${encodeURIComponent(`session:${sid}`)}`;

async function call(method, sid, body) {
  const res = await fetch(keyUrl(sid), { method, body });
  if (method === 'GET' && res.status === 404) return undefined;
  if (!res.ok) throw new Error(`session store answered ${res.status} to ${method}`);
  return method === 'GET' ? JSON.parse(await res.text()) : undefined;
}

export const loadSession = (sid) => (sid ? call('GET', sid) : undefined);
export const saveSession = (sid, session) => call('PUT', sid, JSON.stringify(session));
export const deleteSession = (sid) => call('DELETE', sid);
