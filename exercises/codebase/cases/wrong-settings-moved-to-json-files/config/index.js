import { readFileSync, existsSync } from 'node:fs';

// Per-deploy settings as data (JSON), not code; PUBLIC_URL from the environment wins.
const deploy = process.env.APP_ENV ?? 'development';
const file = new URL(`./${deploy}.json`, import.meta.url);
const fromFile = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};

const publicUrl = process.env.PUBLIC_URL ?? fromFile.publicUrl;
if (!publicUrl) {
  console.error(`Set PUBLIC_URL (or add config/${deploy}.json)`);
  process.exit(1);
}

export default { publicUrl: publicUrl.replace(/\/+$/, '') };
