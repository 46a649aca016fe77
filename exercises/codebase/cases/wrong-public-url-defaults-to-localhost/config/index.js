// The settings of this deploy, from its environment.
export default {
  publicUrl: (process.env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
};
