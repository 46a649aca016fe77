import { ConfigError } from '../config/course-config.ts';

export interface ServerConfig {
  port: number;
  host: string;
  /** Folder of the built site. */
  siteDir: string;
  /** Reverse proxies in front of the server whose X-Forwarded-For entries are believed (0: none). */
  trustProxy: number;
}

type Env = Record<string, string | undefined>;

/** PORT, HOST, SITE_DIR and TRUST_PROXY, validated: a typo must stop the server with its name, not bind somewhere surprising. */
export function readServerConfig(env: Env = process.env): ServerConfig {
  const rawPort = env.PORT ?? '4321';
  if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) {
    throw new ConfigError(`PORT="${rawPort}" is not a port number: use an integer from 0 to 65535, e.g. PORT=4321`);
  }
  const host = env.HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) {
    throw new ConfigError(`HOST="${host}" is not a host name or address: use e.g. 127.0.0.1 or 0.0.0.0`);
  }
  // A count, not a yes/no: which X-Forwarded-For entry is the client depends on how many proxies wrote to it.
  const rawTrust = env.TRUST_PROXY || '0';
  if (!/^\d{1,2}$/.test(rawTrust) || Number(rawTrust) > 10) {
    throw new ConfigError(`TRUST_PROXY="${rawTrust}" is not allowed: use the number of reverse proxies in front of the server, 0 (none, the default) to 10, e.g. TRUST_PROXY=1 behind one nginx`);
  }
  return { port: Number(rawPort), host, siteDir: env.SITE_DIR || 'dist', trustProxy: Number(rawTrust) };
}
