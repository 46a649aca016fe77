// Settings of the orders service, read once from the environment at start-up.
const missing = [];

function required(name) {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') missing.push(name);
  return value;
}

export const config = {
  port: Number(process.env.PORT) || 3000,
  // The orders database (CouchDB): http://user:password@host:port/database
  databaseUrl: required('DATABASE_URL'),
  mail: {
    apiUrl: required('MAIL_API_URL'),
    apiKey: required('MAIL_API_KEY'),
    from: 'orders@brewhouse.example',
  },
};

// Name every missing variable at once, so an operator fixes them in one go.
if (missing.length > 0) {
  console.error(`Missing required environment variables: ${missing.join(', ')}`);
  process.exit(1);
}
