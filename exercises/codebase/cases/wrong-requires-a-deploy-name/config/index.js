// The settings of this deploy, all from its environment.
for (const name of ['APP_ENV', 'PUBLIC_URL']) {
  if (!process.env[name]) {
    console.error(`${name} is not set`);
    process.exit(1);
  }
}

export default { deploy: process.env.APP_ENV, publicUrl: process.env.PUBLIC_URL.replace(/\/+$/, '') };
