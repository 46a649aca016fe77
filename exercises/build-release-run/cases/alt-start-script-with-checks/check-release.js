// Run before every start (npm's prestart hook): refuses to start a release whose settings are missing.
// It only reads the environment; it builds nothing and writes nothing.
const missing = ['CHECKOUT_URL', 'RELEASE_ID'].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`Cannot start this release: ${missing.join(' and ')} not set (the deploy tool sets them).`);
  process.exit(1);
}
