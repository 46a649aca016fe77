// The machines the app is tried on, as PATH folders: a bare one (node and nothing else: a slim container, the
// browser sandbox) and an ordinary one that also has the command-line tools the old code called (gzip,
// sha256sum, …), working, so an app that uses them "where they are" is seen doing so. A preload records every
// child process the app launches into a log of its own, and every tool of the ordinary machine notes its own
// runs there too: what the app launched is known however it launched it.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tfl-dependencies-'));
export const logDir = mkdtempSync(path.join(os.tmpdir(), 'tfl-launches-'));
process.on('exit', () => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(logDir, { recursive: true, force: true });
});
const launchLog = path.join(logDir, 'launches.jsonl');

function folderWithNode(name) {
  const dir = path.join(scratch, name);
  mkdirSync(dir);
  try {
    symlinkSync(process.execPath, path.join(dir, 'node'));
  } catch {
    // no symlinks here: the kit starts node by its full path, so a PATH folder without it serves as well
  }
  return dir;
}

/** PATH of a machine with nothing but node. */
export const bareMachine = folderWithNode('bare');

// The tools, as Node scripts run through the same node (a sandbox has no shell to run shell scripts).
const TOOLS = {
  gzip: `const { gzipSync } = require('node:zlib'); process.stdout.write(gzipSync(readAll()));`,
  gunzip: `const { gunzipSync } = require('node:zlib'); process.stdout.write(gunzipSync(readAll()));`,
  sha256sum: `const { createHash } = require('node:crypto'); process.stdout.write(createHash('sha256').update(readAll()).digest('hex') + '  -\\n');`,
  shasum: `const { createHash } = require('node:crypto'); process.stdout.write(createHash('sha256').update(readAll()).digest('hex') + '  -\\n');`,
  openssl: `const { createHash } = require('node:crypto'); process.stdout.write('SHA2-256(stdin)= ' + createHash('sha256').update(readAll()).digest('hex') + '\\n');`,
  tar: `process.exit(0);`,
};
const TOOL_PRELUDE = `const { appendFileSync, readFileSync } = require('node:fs');
const readAll = () => readFileSync(0);
try { appendFileSync(${JSON.stringify(launchLog)}, JSON.stringify({ call: 'a program on PATH', nodeEnv: process.env.NODE_ENV, command: [require('node:path').basename(process.argv[1]), ...process.argv.slice(2)].join(' ') }) + '\\n'); } catch {}
`;

/** PATH of an ordinary machine: node and the usual command-line tools. */
export const ordinaryMachine = folderWithNode('ordinary');
for (const [name, body] of Object.entries(TOOLS)) {
  const file = path.join(ordinaryMachine, name);
  writeFileSync(file, `#!${process.execPath}\n${TOOL_PRELUDE}${body}\n`);
  chmodSync(file, 0o755);
}

const recorder = path.join(scratch, 'record-launches.mjs');
writeFileSync(
  recorder,
  `import childProcess from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const log = ${JSON.stringify(launchLog)};
delete process.env.LAUNCH_LOG_DIR;
const nodeEnv = process.env.NODE_ENV;
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync']) {
  const original = childProcess[name];
  childProcess[name] = function (...args) {
    const argv = Array.isArray(args[1]) ? args[1] : [];
    appendFileSync(log, JSON.stringify({ call: 'child_process.' + name, nodeEnv, command: [String(args[0]), ...argv].join(' ') }) + '\\n');
    return original.apply(this, args);
  };
}
syncBuiltinESMExports();
`,
);
/** Node arguments that load the launch recorder before the app. */
export const recordLaunches = ['--import', pathToFileURL(recorder).href];

/** What the app launched so far, other than node itself: [{ call, command, nodeEnv }]. */
export function launches() {
  if (!existsSync(launchLog)) return [];
  return readFileSync(launchLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter(({ command }) => path.basename(command.trim().split(/\s+/)[0]) !== 'node');
}
