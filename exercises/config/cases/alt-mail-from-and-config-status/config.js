// Settings of the orders service. Secrets and service addresses have no default; the sender address does,
// because it is the same harmless value in every deploy unless one overrides it.
const missing = [];

function required(name) {
  const value = process.env[name]?.trim();
  if (!value) missing.push(name);
  return value;
}

export const config = {
  port: Number.parseInt(process.env.PORT ?? '3000', 10),
  databaseUrl: required('DATABASE_URL'),
  mail: {
    apiUrl: required('MAIL_API_URL'),
    apiKey: required('MAIL_API_KEY'),
    from: process.env.MAIL_FROM || 'orders@brewhouse.example',
  },
};

if (missing.length > 0) {
  console.error(`orders: cannot start, missing environment variable(s): ${missing.join(', ')}`);
  process.exit(3);
}

/** Which settings are set, never their values: safe to show on a status page. */
export function describeConfig() {
  return {
    DATABASE_URL: 'set',
    MAIL_API_URL: 'set',
    MAIL_API_KEY: 'set',
    MAIL_FROM: process.env.MAIL_FROM ? 'set' : 'default',
  };
}
