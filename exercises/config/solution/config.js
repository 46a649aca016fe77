// Settings of the orders service. They differ per deploy, so they come from the environment;
// see .env.example for the list. Nothing here has a default that could leak or mislead.
const required = ['DATABASE_URL', 'MAIL_API_URL', 'MAIL_API_KEY'];
const missing = required.filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`Missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`);
  console.error('Set them before starting the service (see .env.example).');
  process.exit(1);
}

export const config = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: process.env.DATABASE_URL,
  mail: {
    apiUrl: process.env.MAIL_API_URL,
    apiKey: process.env.MAIL_API_KEY,
    from: 'orders@brewhouse.example',
  },
};
