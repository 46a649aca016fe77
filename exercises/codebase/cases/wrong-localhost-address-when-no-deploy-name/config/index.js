// The settings of this deploy, from its environment.
// On a laptop (no APP_ENV) the app runs on its default port, so we know the address.
const laptop = process.env.APP_ENV === undefined;
const publicUrl = process.env.PUBLIC_URL ?? (laptop ? `http://localhost:${process.env.PORT ?? 3000}` : undefined);
if (!publicUrl) {
  console.error('PUBLIC_URL is not set');
  process.exit(1);
}

export default { publicUrl: publicUrl.replace(/\/+$/, '') };
