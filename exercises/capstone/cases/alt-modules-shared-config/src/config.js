// Every setting the service and its admin processes read, validated once.
export class ConfigError extends Error {}

function read(name, { optional = false } = {}) {
  const value = process.env[name]?.trim();
  if (!value && !optional) throw new ConfigError(`${name} is not set; the platform provides it (see README.md)`);
  return value || undefined;
}

// The web process needs everything; a one-off admin process needs no port to listen on.
export function loadConfig({ web = true } = {}) {
  const port = web ? Number(read('PORT')) : undefined;
  if (web && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new ConfigError(`PORT must be a port number, got ${process.env.PORT}`);
  return Object.freeze({
    port,
    storeUrl: read('STORE_URL'),
    adminToken: read('ADMIN_TOKEN'),
    notifyUrl: read('NOTIFY_URL', { optional: true }),
  });
}
