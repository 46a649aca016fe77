'use strict';
// Settings of the orders service, from the environment only.
const REQUIRED = ['DATABASE_URL', 'MAIL_API_URL', 'MAIL_API_KEY'];

function loadConfig(env) {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) {
    const error = new Error(`missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
    error.code = 'CONFIG_MISSING';
    throw error;
  }
  return {
    port: Number(env.PORT) || 3000,
    databaseUrl: env.DATABASE_URL,
    mail: { apiUrl: env.MAIL_API_URL, apiKey: env.MAIL_API_KEY, from: 'orders@brewhouse.example' },
  };
}

module.exports = { loadConfig };
