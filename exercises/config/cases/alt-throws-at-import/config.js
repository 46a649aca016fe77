// Settings of the orders service. A missing variable is a deploy mistake: throw, and let Node print it and exit 1.
function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is required but not set`);
  return value;
}

export const config = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: env('DATABASE_URL'),
  mail: {
    apiUrl: env('MAIL_API_URL'),
    apiKey: env('MAIL_API_KEY'),
    from: 'orders@brewhouse.example',
  },
};
