import { readFileSync } from 'node:fs';

// A setting comes from NAME, or from the file named by NAME_FILE (a mounted secret, e.g. /run/secrets/...).
function setting(name) {
  const file = process.env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  return process.env[name];
}

const missing = [];
function required(name) {
  const value = setting(name);
  if (!value) missing.push(name);
  return value;
}

export const config = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: required('DATABASE_URL'),
  mail: {
    apiUrl: required('MAIL_API_URL'),
    apiKey: required('MAIL_API_KEY'),
    from: 'orders@brewhouse.example',
  },
};

if (missing.length > 0) {
  console.error(`Refusing to start. Set ${missing.map((name) => `${name} (or ${name}_FILE)`).join(', ')}.`);
  process.exit(1);
}
