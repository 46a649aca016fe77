// Settings of the orders service, from the environment (.env fills in anything the environment lacks).
import { existsSync } from 'node:fs';

if (existsSync(new URL('./.env', import.meta.url))) process.loadEnvFile(new URL('./.env', import.meta.url));

const missing = [];
function required(name) {
  const value = process.env[name];
  if (!value) missing.push(name);
  return value;
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
