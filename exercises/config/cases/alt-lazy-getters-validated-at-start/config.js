// Settings of the orders service. Getters read process.env when asked; validate() runs once at start-up.
const REQUIRED = Object.freeze({
  DATABASE_URL: 'address of the orders database, credentials included',
  MAIL_API_URL: 'base address of the Mailwing API',
  MAIL_API_KEY: 'Mailwing API key',
});

export const config = {
  get port() {
    return Number(process.env.PORT) || 3000;
  },
  get databaseUrl() {
    return process.env.DATABASE_URL;
  },
  get mail() {
    return { apiUrl: process.env.MAIL_API_URL, apiKey: process.env.MAIL_API_KEY, from: 'orders@brewhouse.example' };
  },
};

export function validate() {
  const problems = Object.entries(REQUIRED)
    .filter(([name]) => !process.env[name])
    .map(([name, what]) => `  ${name} is missing (${what})`);
  return problems;
}
