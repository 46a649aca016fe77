// Settings of the orders service. Each one is checked when it is first needed.
export class MissingSetting extends Error {}

function required(name) {
  const value = process.env[name];
  if (!value) throw new MissingSetting(`Missing required environment variable ${name}`);
  return value;
}

export const config = {
  port: Number(process.env.PORT) || 3000,
  get databaseUrl() {
    return required('DATABASE_URL');
  },
  get mail() {
    return { apiUrl: required('MAIL_API_URL'), apiKey: required('MAIL_API_KEY'), from: 'orders@brewhouse.example' };
  },
};
