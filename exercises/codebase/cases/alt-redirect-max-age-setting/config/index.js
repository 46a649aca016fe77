// The settings of this deploy, all from its environment. Defaults are production's values, the same for every deploy.
const missing = [];
function required(name) {
  const value = process.env[name];
  if (!value) missing.push(name);
  return value;
}

function seconds(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a whole number of seconds, got ${JSON.stringify(raw)}`);
    process.exit(1);
  }
  return value;
}

const settings = {
  publicUrl: required('PUBLIC_URL')?.replace(/\/+$/, ''),
  redirectMaxAge: seconds('REDIRECT_MAX_AGE', 3600),
};

if (missing.length > 0) {
  console.error(`Missing environment variables: ${missing.join(', ')}`);
  process.exit(1);
}

export default settings;
