/**
 * `npm start`: serve the built course from one process, building it first when there is no build or the build
 * was made with other course settings (its stamp says which: src/config/build-stamp.ts).
 * Config comes from the environment only: PORT, HOST, SITE_DIR, TRUST_PROXY, grading limits and the course settings in .env.example.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { BUILD_STAMP_FILE, checkBuild } from '../src/config/build-stamp.ts';
import { ConfigError, readCourseConfig } from '../src/config/course-config.ts';
import { readGradingLimits } from '../src/config/grading-limits.ts';
import { createApiHandler } from '../src/server/api/index.ts';
import { gradingLauncher, readSandboxSetting, SandboxUnavailableError } from '../src/sandbox/index.ts';
import { createAppServer } from '../src/server/app-server.ts';
import { clientAddressResolver } from '../src/server/client-address.ts';
import { shutDownGracefully } from '../src/server/graceful-shutdown.ts';
import { logEvent } from '../src/server/request-log.ts';
import { readServerConfig } from '../src/server/server-config.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let config;
let course;
let gradingLimits;
let sandboxSetting;
try {
  config = readServerConfig();
  course = readCourseConfig();
  gradingLimits = readGradingLimits();
  sandboxSetting = readSandboxSetting();
} catch (error) {
  if (error instanceof ConfigError) fail(`Invalid configuration: ${error.message}`);
  throw error;
}

// The course settings are baked into the pages at build time: rebuild when the build was made with others.
const stampFile = `${config.siteDir}/${BUILD_STAMP_FILE}`;
const build = existsSync(`${config.siteDir}/index.html`)
  ? checkBuild(existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : undefined, course)
  : { rebuild: true as const, reason: 'there is no build yet' };
if (!build.rebuild && build.warning) process.stderr.write(`Serving ${config.siteDir}/ as it is: ${build.warning}.\n`);
if (build.rebuild) {
  process.stderr.write(`Building the course into ${config.siteDir}/ first, because ${build.reason}…\n`);
  const built = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', config.siteDir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0) fail('The build failed (see above); fix it and run npm start again.');
}

// Grading and Run for the workbench's Server sandbox (src/server/api, docs/workbench.md). Learner code runs
// only inside bubblewrap; without it grading stays off (the site still serves) unless the operator opts out.
let launcher;
let disabledReason: string | undefined;
if (sandboxSetting === 'unsafe-none') {
  logEvent({ level: 'warn', msg: 'GRADING_SANDBOX=unsafe-none: learner code runs unsandboxed with this server\'s rights — for local development only' });
  launcher = gradingLauncher({ sandbox: false });
} else {
  try {
    launcher = gradingLauncher({ sandbox: true });
  } catch (error) {
    if (!(error instanceof SandboxUnavailableError)) throw error;
    disabledReason = error.message;
    process.stderr.write(`Server grading is off: ${error.message} (install bubblewrap, or set GRADING_SANDBOX=unsafe-none for local development)\n`);
  }
}
// Behind TRUST_PROXY reverse proxies the client is named by X-Forwarded-For, for the rate limit, fair share and the log.
const clientAddress = clientAddressResolver(config.trustProxy);
const api = createApiHandler({ basePath: course.basePath, ...gradingLimits, launcher, disabledReason, clientAddress });
const server = createAppServer({ siteDir: config.siteDir, basePath: course.basePath, api, clientAddress });
server.on('error', (error: NodeJS.ErrnoException) => {
  fail(error.code === 'EADDRINUSE'
    ? `Port ${config.port} on ${config.host} is already in use: stop the other server or set PORT to a free port`
    : `Cannot listen on ${config.host}:${config.port}: ${error.message}`);
});
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logEvent({ msg: 'listening', url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}${course.basePath}` });
});
// SIGTERM: every grade in flight gets an answer and every Run a final event before the process exits.
shutDownGracefully(server, { drain: (graceMs) => api.shutdown(graceMs) });
