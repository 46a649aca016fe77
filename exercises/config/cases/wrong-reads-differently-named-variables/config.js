// Settings of the orders service, named after the services they point at.
const missing = [];
function required(name) {
  const value = process.env[name];
  if (!value) missing.push(name);
  return value;
}

export const config = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: required('COUCHDB_URL'),
  mail: { apiUrl: required('MAILWING_API_URL'), apiKey: required('MAILWING_API_KEY'), from: 'orders@brewhouse.example' },
};

if (missing.length > 0) {
  console.error(`Missing required environment variables: ${missing.join(', ')}`);
  process.exit(1);
}
