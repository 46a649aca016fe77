// Known deploys and their addresses; any other deploy sets PUBLIC_URL.
const KNOWN = {
  production: 'https://snip.example',
  staging: 'https://staging.snip.example',
  development: 'http://localhost:3000',
};

const publicUrl = process.env.PUBLIC_URL ?? KNOWN[process.env.APP_ENV ?? 'development'];
if (!publicUrl) {
  console.error('PUBLIC_URL is not set and this deploy has no known address');
  process.exit(1);
}

export default { publicUrl: publicUrl.replace(/\/+$/, '') };
