// Every setting of the avatars service, read once from the environment and checked before the server starts.
function positiveInteger(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`${name} must be a positive whole number, got ${JSON.stringify(raw)}`);
    process.exit(1);
  }
  return value;
}

function flag(name) {
  const raw = (process.env[name] ?? '').toLowerCase();
  if (['', '0', 'false', 'no'].includes(raw)) return false;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  console.error(`${name} must be true or false, got ${JSON.stringify(raw)}`);
  process.exit(1);
}

const storageUrl = process.env.STORAGE_URL;
if (!storageUrl) {
  console.error('STORAGE_URL is not set: point it at the avatars bucket, e.g. http://localhost:9000/avatars');
  process.exit(1);
}

export const settings = Object.freeze({
  port: positiveInteger('PORT', 3000),
  storageUrl: storageUrl.replace(/\/+$/, ''),
  storeTimeoutMs: positiveInteger('STORAGE_TIMEOUT_MS', 5000),
  maxBytes: positiveInteger('MAX_AVATAR_BYTES', 5_000_000),
  logRequests: flag('LOG_REQUESTS'),
});
