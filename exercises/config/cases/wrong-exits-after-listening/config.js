// Settings of the orders service.
const NAMES = ['DATABASE_URL', 'MAIL_API_URL', 'MAIL_API_KEY'];

export const config = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: process.env.DATABASE_URL,
  mail: { apiUrl: process.env.MAIL_API_URL, apiKey: process.env.MAIL_API_KEY, from: 'orders@brewhouse.example' },
};

export function missingSettings() {
  return NAMES.filter((name) => !process.env[name]);
}
