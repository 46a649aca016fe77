// Settings of the orders service.
const missing = [];
function required(name) {
  const value = process.env[name];
  if (!value) missing.push(name);
  return value;
}

const MAILWING = 'https://api.mailwing.example/v1';
// A local mail catcher may stand in for Mailwing on a laptop; every real deploy talks to Mailwing itself.
function mailApiUrl(value) {
  if (!value) return value;
  const { hostname } = new URL(value);
  return hostname === 'localhost' || hostname === '127.0.0.1' ? value : MAILWING;
}

export const config = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: required('DATABASE_URL'),
  mail: {
    apiUrl: mailApiUrl(required('MAIL_API_URL')),
    apiKey: required('MAIL_API_KEY'),
    from: 'orders@brewhouse.example',
  },
};

if (missing.length > 0) {
  console.error(`Missing required environment variables: ${missing.join(', ')}`);
  process.exit(1);
}
