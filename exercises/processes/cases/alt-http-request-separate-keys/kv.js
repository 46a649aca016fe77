// A small client for the platform's key-value store (plain HTTP: GET/PUT/DELETE /<key>).
// The address is read from the environment on every call, so the module holds no state.
import http from 'node:http';
import https from 'node:https';

function call(method, key, body) {
  const base = process.env.SESSION_STORE_URL;
  if (!base) return Promise.reject(new Error('SESSION_STORE_URL is not set'));
  const url = new URL(`${base.replace(/\/+$/, '')}/${encodeURIComponent(key)}`);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function getJson(key) {
  const { status, text } = await call('GET', key);
  if (status === 404) return null;
  if (status !== 200) throw new Error(`store GET ${key}: ${status}`);
  return JSON.parse(text);
}

export async function putJson(key, value) {
  const { status } = await call('PUT', key, JSON.stringify(value));
  if (status >= 300) throw new Error(`store PUT ${key}: ${status}`);
}

export async function remove(key) {
  const { status } = await call('DELETE', key);
  if (status >= 300 && status !== 404) throw new Error(`store DELETE ${key}: ${status}`);
}
