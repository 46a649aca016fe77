// Settings of the orders service: a snapshot of the environment taken once at start-up, validated, frozen.
const env = { ...process.env };

const REQUIRED = {
  DATABASE_URL: 'the orders database (CouchDB) address, credentials included',
  MAIL_API_URL: 'the Mailwing API base address',
  MAIL_API_KEY: 'the Mailwing API key',
};

const missing = Object.keys(REQUIRED).filter((name) => !env[name]);
if (missing.length > 0) {
  for (const name of missing) console.error(`config: ${name} is not set (${REQUIRED[name]})`);
  process.exit(78); // EX_CONFIG
}

export const config = Object.freeze({
  port: Number(env.PORT) || 3000,
  databaseUrl: env.DATABASE_URL,
  mail: Object.freeze({ apiUrl: env.MAIL_API_URL, apiKey: env.MAIL_API_KEY, from: 'orders@brewhouse.example' }),
});
