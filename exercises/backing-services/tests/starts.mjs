// Starting the app in the ways a deploy and a developer start it, and learning which settings it reads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appPreload as preload, startApp } from '../kit.mjs';
import { token } from './store.mjs';

export const MAIN = 'server.js';

/**
 * How an app is started without a setting: as a platform starts it, and as a developer does by hand. An app
 * that relaxes in one of them (NODE_ENV=development, no PORT, output to a terminal) is seen. Only one way goes
 * without PORT: apps started that way all pick the same default port.
 */
export const WAYS = [
  { env: {}, port: true, terminal: false, says: 'NODE_ENV unset, PORT set' },
  { env: { NODE_ENV: 'development' }, port: false, terminal: true, says: 'NODE_ENV=development, no PORT, run in a terminal' },
  { env: { NODE_ENV: 'production' }, port: true, terminal: true, says: 'NODE_ENV=production, PORT set, run in a terminal' },
];

const STARTS_WITHIN_MS = 2000;

/**
 * Starts the app one of the WAYS and resolves once it has exited ({ exit }), listens on a port ({ app, port }:
 * whatever port it chose) or after STARTS_WITHIN_MS ({ app, running: true }). `env` is added to the way's.
 */
export async function startOneWay(way, { env, cwd }) {
  const args = way.terminal ? ['--require', preload('as-terminal.cjs'), MAIN] : [MAIN];
  const full = { ...env, ...way.env };
  if (way.port) full.PORT = String(20000 + Math.floor(Math.random() * 20000));
  else full.PORT = undefined;
  const app = await startApp({ env: full, cwd, args, port: false, listenReport: true });
  let exit;
  app.exited.then((value) => { exit = value; });
  const deadline = Date.now() + STARTS_WITHIN_MS;
  while (exit === undefined && app.listens().listening.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (exit) return { exit, app };
  const [port] = app.listens().listening;
  return port === undefined ? { app, running: true } : { app, port };
}

// What the operating system and Node set for every process, and what the brief defines: not a hidden switch.
const KNOWN = new Set([
  'PATH', 'HOME', 'TMPDIR', 'TMP', 'TEMP', 'USER', 'LOGNAME', 'SHELL', 'PWD', 'LANG', 'LC_ALL', 'TZ', 'TERM',
  'NODE_OPTIONS', 'NODE_DEBUG', 'NO_COLOR', 'FORCE_COLOR', 'NODE_ENV', 'PORT', 'STORAGE_URL',
]);

/**
 * Starts the app with the env-reads preload; `variables()` lists what its own code read from the environment
 * so far, beyond the brief's settings and the system's. The record lives in the copy's temp folder: `record`
 * names it, so a check watching writes can leave it out.
 */
export async function startNoting({ env, cwd, tmp }) {
  const record = path.join(tmp, `env-reads-${token(8)}`);
  const app = await startApp({ env: { ...env, GRADING_ENV_READS: record }, cwd, args: ['--require', preload('env-reads.cjs'), MAIN] });
  const variables = () => {
    try {
      return [...new Set(readFileSync(record, 'utf8').split('\n'))].filter((name) => name && !KNOWN.has(name));
    } catch {
      return []; // nothing noted: the app read no variable of its own
    }
  };
  return { app, record: path.basename(record), variables };
}
