// Settings of the orders service. Config.fromEnv is the only code that reads process.env.
export class ConfigError extends Error {
  constructor(missing) {
    super(`The orders service cannot start: set ${missing.join(', ')} in the environment (see .env.example).`);
    this.name = 'ConfigError';
    this.missing = missing;
  }
}

export class Config {
  static REQUIRED = ['DATABASE_URL', 'MAIL_API_URL', 'MAIL_API_KEY'];

  static fromEnv(env = process.env) {
    const missing = Config.REQUIRED.filter((name) => !env[name]);
    if (missing.length > 0) throw new ConfigError(missing);
    return new Config(env);
  }

  constructor(env) {
    this.port = Number(env.PORT) || 3000;
    this.databaseUrl = env.DATABASE_URL;
    this.mail = Object.freeze({
      apiUrl: env.MAIL_API_URL,
      apiKey: env.MAIL_API_KEY,
      from: 'orders@brewhouse.example',
    });
    Object.freeze(this);
  }
}
