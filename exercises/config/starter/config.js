// Settings of the orders service.
export const config = {
  port: Number(process.env.PORT) || 3000,
  // The orders database (CouchDB): http://user:password@host:port/database
  databaseUrl: 'http://orders:s3cr3t-beans@localhost:5984/orders',
  mail: {
    apiUrl: 'https://api.mailwing.example/v1',
    apiKey: 'mw_live_51c9e0a7f3b24d68a1e5c7d9b2f4a6e8',
    from: 'orders@brewhouse.example',
  },
};
