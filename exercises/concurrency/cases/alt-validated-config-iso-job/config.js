// Settings from the environment, checked once per process; each type asks only for what it uses.
function url(name) {
  const raw = process.env[name];
  try {
    const parsed = new URL(raw);
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error();
    return raw.replace(/\/+$/, '');
  } catch {
    console.error(`${name} must be an http(s) URL, got ${JSON.stringify(raw)}. Run \`npm run services\` for local stand-ins.`);
    process.exit(1);
  }
}

export const queueUrl = () => url('QUEUE_URL');
export const mailerUrl = () => url('MAILER_URL');
