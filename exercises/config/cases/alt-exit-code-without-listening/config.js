// Settings of the orders service. Nothing here has a default except the port.
const REQUIRED = ['DATABASE_URL', 'MAIL_API_URL', 'MAIL_API_KEY'];

/** Returns the config, or the names of the variables that are missing. */
export function readConfig(env) {
  const missing = REQUIRED.filter((name) => typeof env[name] !== 'string' || env[name].length === 0);
  if (missing.length > 0) return { missing };
  return {
    config: {
      port: Number(env.PORT) || 3000,
      databaseUrl: env.DATABASE_URL,
      mail: { apiUrl: env.MAIL_API_URL, apiKey: env.MAIL_API_KEY, from: 'orders@brewhouse.example' },
    },
  };
}
