// Everything that differs between deploys, read from the environment in one place.
// A missing setting stops the process at once instead of falling back to a built-in value.
function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(JSON.stringify({ time: new Date().toISOString(), level: 'fatal', msg: `${name} is not set` }));
    process.exit(1);
  }
  return value;
}

export const config = {
  get port() { return Number(required('PORT')); },
  get storeUrl() { return required('STORE_URL'); },
  get adminToken() { return required('ADMIN_TOKEN'); },
  get kitchenUrl() { return process.env.NOTIFY_URL; }, // optional: no webhook, no notification
};
