// Settings of the orders service.
export const config = {
  port: Number(process.env.PORT) || 3000,
  // The orders database (CouchDB): http://user:password@host:port/database
  databaseUrl: process.env.DATABASE_URL ?? 'http://orders:s3cr3t-beans@localhost:5984/orders',
  mail: {
    apiUrl: process.env.MAIL_API_URL ?? 'https://api.mailwing.example/v1',
    apiKey: process.env.MAIL_API_KEY ?? 'mw_live_51c9e0a7f3b24d68a1e5c7d9b2f4a6e8',
    from: 'orders@brewhouse.example',
  },
};
