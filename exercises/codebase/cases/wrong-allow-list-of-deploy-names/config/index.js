// The settings of this deploy, all from its environment.
const DEPLOYS = ['development', 'staging', 'production'];
const deploy = process.env.APP_ENV ?? 'development';
if (!DEPLOYS.includes(deploy)) {
  console.error(`Unknown APP_ENV "${deploy}": expected one of ${DEPLOYS.join(', ')}`);
  process.exit(1);
}
if (!process.env.PUBLIC_URL) {
  console.error('PUBLIC_URL is not set');
  process.exit(1);
}

export default { publicUrl: process.env.PUBLIC_URL.replace(/\/+$/, '') };
