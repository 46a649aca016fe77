import { ConfigError } from '../config/course-config.ts';

export interface ServerConfig {
  port: number;
  host: string;
  /** Folder of the built site. */
  siteDir: string;
}

type Env = Record<string, string | undefined>;

/** PORT and HOST, validated: a typo must stop the server with its name, not bind somewhere surprising. */
export function readServerConfig(env: Env = process.env): ServerConfig {
  const rawPort = env.PORT ?? '4321';
  if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) {
    throw new ConfigError(`PORT="${rawPort}" is not a port number: use an integer from 0 to 65535, e.g. PORT=4321`);
  }
  const host = env.HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) {
    throw new ConfigError(`HOST="${host}" is not a host name or address: use e.g. 127.0.0.1 or 0.0.0.0`);
  }
  return { port: Number(rawPort), host, siteDir: env.SITE_DIR || 'dist' };
}
