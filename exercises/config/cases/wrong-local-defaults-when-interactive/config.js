// Settings of the orders service.
// Someone running the app by hand in a terminal gets local defaults; deploys (no terminal) must set everything.
const interactive = Boolean(process.stdout.isTTY);
const LOCAL = {
  DATABASE_URL: 'http://localhost:5984/orders',
  MAIL_API_URL: 'http://localhost:8025',
  MAIL_API_KEY: 'local',
};

const missing = [];
function required(name) {
  const value = process.env[name];
  if (value) return value;
  if (interactive) {
    console.warn(`${name} is not set, using ${LOCAL[name]}`);
    return LOCAL[name];
  }
  missing.push(name);
  return undefined;
}

export const config = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: required('DATABASE_URL'),
  mail: { apiUrl: required('MAIL_API_URL'), apiKey: required('MAIL_API_KEY'), from: 'orders@brewhouse.example' },
};

if (missing.length > 0) {
  console.error(`Missing required environment variables: ${missing.join(', ')}`);
  process.exit(1);
}
