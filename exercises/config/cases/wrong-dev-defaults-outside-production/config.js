// Settings of the orders service. Production must set everything; elsewhere we use local development services.
const production = process.env.NODE_ENV === 'production';
const DEV_DEFAULTS = {
  DATABASE_URL: 'http://admin:admin@localhost:5984/orders_dev',
  MAIL_API_URL: 'http://localhost:8025',
  MAIL_API_KEY: 'dev-key',
};

const missing = [];
function setting(name) {
  const value = process.env[name];
  if (value) return value;
  if (!production) return DEV_DEFAULTS[name];
  missing.push(name);
  return undefined;
}

export const config = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: setting('DATABASE_URL'),
  mail: { apiUrl: setting('MAIL_API_URL'), apiKey: setting('MAIL_API_KEY'), from: 'orders@brewhouse.example' },
};

if (missing.length > 0) {
  console.error(`Missing required environment variables: ${missing.join(', ')}`);
  process.exit(1);
}
