// Settings come from the environment and are checked once, at start.
function storeUrl() {
  const raw = process.env.SESSION_STORE_URL;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`SESSION_STORE_URL must be the URL of the key-value store, e.g. http://127.0.0.1:6380 (got ${JSON.stringify(raw)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`SESSION_STORE_URL must be an http(s) URL (got ${url.protocol})`);
  }
  return url.href.replace(/\/+$/, '');
}

export const config = Object.freeze({
  port: Number(process.env.PORT ?? 3000),
  storeUrl: storeUrl(),
});
