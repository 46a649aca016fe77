// Loads the settings of the deploy we are running in.
export const deploy = process.env.APP_ENV ?? 'development';

const { default: settings } = await import(`./${deploy}.js`);

export default settings;
