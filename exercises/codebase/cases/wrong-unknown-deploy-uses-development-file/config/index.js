// Loads the settings of the deploy we are running in; unknown deploys (previews) use development's.
export const deploy = process.env.APP_ENV ?? 'development';

const { default: settings } = await import(`./${deploy}.js`).catch(() => import('./development.js'));

export default settings;
