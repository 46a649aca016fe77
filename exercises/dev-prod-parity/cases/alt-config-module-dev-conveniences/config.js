// Every setting the service reads, in one place, checked once at start-up.
function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (for a local store: npm run kv, then ${name}=http://127.0.0.1:6380)`);
  return value;
}

function storeUrl() {
  const value = required('STORE_URL');
  if (!/^https?:\/\//.test(value)) throw new Error(`STORE_URL must start with http:// or https://, got ${value}`);
  return value;
}

export const config = Object.freeze({
  port: Number(process.env.PORT) || 3000,
  storeUrl: storeUrl(),
  // Conveniences only: nothing here chooses a different backing service.
  verbose: process.env.NODE_ENV === 'development',
});
