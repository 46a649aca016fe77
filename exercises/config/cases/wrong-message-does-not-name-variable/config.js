// Settings of the orders service.
const env = process.env;
const complete = Boolean(env.DATABASE_URL && env.MAIL_API_URL && env.MAIL_API_KEY);

if (!complete) {
  console.error('The orders service is not configured: copy .env.example to .env and fill it in.');
  process.exit(1);
}

export const config = {
  port: Number(env.PORT) || 3000,
  databaseUrl: env.DATABASE_URL,
  mail: { apiUrl: env.MAIL_API_URL, apiKey: env.MAIL_API_KEY, from: 'orders@brewhouse.example' },
};
