// Settings of the orders service.
if (!process.env.DATABASE_URL) {
  console.error('Missing required environment variable DATABASE_URL');
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
