'use strict';
// The deploy's settings, read from its environment. The same file serves every deploy.
const publicUrl = (process.env.PUBLIC_URL || '').trim().replace(/\/+$/, '');
if (!publicUrl) {
  console.error('Missing environment variable PUBLIC_URL (the address short links start with)');
  process.exit(1);
}

module.exports = { publicUrl };
