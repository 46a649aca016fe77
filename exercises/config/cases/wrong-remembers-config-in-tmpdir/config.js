// Settings of the orders service. The last good settings are remembered so that a restart by hand
// (without the deploy's environment) still comes up.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NAMES = ['DATABASE_URL', 'MAIL_API_URL', 'MAIL_API_KEY'];
const remembered = join(tmpdir(), 'brewhouse-orders-config.json');
const last = existsSync(remembered) ? JSON.parse(readFileSync(remembered, 'utf8')) : {};

const values = {};
const missing = [];
for (const name of NAMES) {
  values[name] = process.env[name] || last[name];
  if (!values[name]) missing.push(name);
}

if (missing.length > 0) {
  console.error(`Missing required environment variables: ${missing.join(', ')}`);
  process.exit(1);
}
writeFileSync(remembered, JSON.stringify(values));

export const config = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: values.DATABASE_URL,
  mail: { apiUrl: values.MAIL_API_URL, apiKey: values.MAIL_API_KEY, from: 'orders@brewhouse.example' },
};
