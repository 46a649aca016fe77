/**
 * `npm start`: serve the built course (building it first when there is no build) from one process.
 * Config comes from the environment only: PORT, HOST, and the course settings in .env.example.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ConfigError, readCourseConfig } from '../src/config/course-config.ts';
import { createAppServer } from '../src/server/app-server.ts';
import { shutDownGracefully } from '../src/server/graceful-shutdown.ts';
import { logEvent } from '../src/server/request-log.ts';
import { readServerConfig } from '../src/server/server-config.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let config;
let course;
try {
  config = readServerConfig();
  course = readCourseConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(`Invalid configuration: ${error.message}`);
  throw error;
}

if (!existsSync(`${config.siteDir}/index.html`)) {
  process.stderr.write(`No build in ${config.siteDir}/ yet: building the course first (npm run build)…\n`);
  const build = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) fail('The build failed (see above); fix it and run npm start again.');
}

const server = createAppServer({ siteDir: config.siteDir, basePath: course.basePath });
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
shutDownGracefully(server);
