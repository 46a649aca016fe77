// Settings of the orders service, from the environment. NODE_ENV only changes how the settings are reported.
function need(name) {
  const value = process.env[name]?.trim();
  if (!value) throw new Error(`${name} is not set: the orders service cannot start without it.`);
  return value;
}

let loaded;
try {
  loaded = {
    port: Number(process.env.PORT ?? 3000),
    databaseUrl: need('DATABASE_URL'),
    mail: { apiUrl: need('MAIL_API_URL'), apiKey: need('MAIL_API_KEY'), from: 'orders@brewhouse.example' },
  };
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

if (process.env.NODE_ENV !== 'production') {
  console.log(`Using the database at ${new URL(loaded.databaseUrl).host} and the mail API at ${new URL(loaded.mail.apiUrl).host}`);
}

export const config = loaded;
