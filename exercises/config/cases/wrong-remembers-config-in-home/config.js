// Settings of the orders service. The last complete set is kept in the user's home folder, so that the
// service restarts after a reboot even if the deploy's environment is not loaded yet.
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const NAMES = ['DATABASE_URL', 'MAIL_API_URL', 'MAIL_API_KEY'];
const saved = join(homedir(), '.brewhouse-orders.json');

let last = {};
try {
  last = JSON.parse(readFileSync(saved, 'utf8'));
} catch {
  // first start on this machine
}

const settings = Object.fromEntries(NAMES.map((name) => [name, process.env[name] || last[name]]));
const missing = NAMES.filter((name) => !settings[name]);
if (missing.length > 0) {
  console.error(`Missing required environment variables: ${missing.join(', ')}`);
  process.exit(1);
}
if (NAMES.every((name) => process.env[name])) writeFileSync(saved, JSON.stringify(settings), { mode: 0o600 });

export const config = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: settings.DATABASE_URL,
  mail: { apiUrl: settings.MAIL_API_URL, apiKey: settings.MAIL_API_KEY, from: 'orders@brewhouse.example' },
};
