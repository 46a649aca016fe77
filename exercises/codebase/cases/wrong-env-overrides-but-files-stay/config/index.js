// PUBLIC_URL wins; the files keep the known deploys working without it.
export const deploy = process.env.APP_ENV ?? 'development';

let fileSettings = {};
if (!process.env.PUBLIC_URL) ({ default: fileSettings } = await import(`./${deploy}.js`));

export default {
  publicUrl: (process.env.PUBLIC_URL ?? fileSettings.publicUrl).replace(/\/+$/, ''),
};
