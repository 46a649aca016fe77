import { existsSync } from 'node:fs';

// Each deploy's variables live in .env.<deploy>; real environment variables win.
const deploy = process.env.APP_ENV ?? 'development';
const file = new URL(`../.env.${deploy}`, import.meta.url);
if (existsSync(file)) {
  const fromEnv = { ...process.env };
  process.loadEnvFile(file);
  Object.assign(process.env, fromEnv);
}

if (!process.env.PUBLIC_URL) {
  console.error(`PUBLIC_URL is not set (and there is no .env.${deploy})`);
  process.exit(1);
}

export default { publicUrl: process.env.PUBLIC_URL.replace(/\/+$/, '') };
