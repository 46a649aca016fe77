// The app's Procfile, read as a platform reads it: one `type: command` line per process type, each command
// started by the platform itself. The brief asks for `node …` commands, so npm (or a shell) between the platform
// and the process is refused: it would get the platform's signals instead of the process.
import assert from 'node:assert/strict';
import { appFileExists, readAppFile } from '../kit.mjs';

function unquote(word) {
  return word.replace(/^(['"])(.*)\1$/, '$2');
}

/** One Procfile command as what startApp needs ({ env, args }), or { error } in the learner's terms. */
function parseCommand(type, command) {
  if (/[;&|<>`]|\$\(/.test(command)) {
    return { error: `the "${type}" command (${command}) uses shell operators; start a single process with "node …"` };
  }
  const words = command.trim().split(/\s+/).filter(Boolean).map(unquote);
  const env = {};
  while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
    const word = words.shift();
    env[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
  }
  if (words[0] === 'exec') words.shift();
  if (/^(npm|npx|yarn|pnpm)$/.test(words[0] ?? '')) {
    return { error: `the "${type}" command (${command}) starts ${words[0]}, which then starts node; the brief asks for each process type to be started with "node …" itself` };
  }
  if (!words.length || !/(^|\/)node$/.test(words[0])) {
    return { error: `the "${type}" command (${command}) should start the process with "node …"` };
  }
  const args = words.slice(1);
  const script = args.find((a) => !a.startsWith('-'));
  if (!script) return { error: `the "${type}" command (${command}) names no file for node to run` };
  if (!appFileExists(script)) return { error: `the "${type}" command runs ${script}, but there is no such file` };
  return { env, args };
}

function readProcfile() {
  if (!appFileExists('Procfile')) return { types: {}, missing: true };
  const types = {};
  for (const raw of readAppFile('Procfile').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z0-9_-]+)\s*:\s*(.+?)\s*$/.exec(raw);
    if (match && !raw.trim().startsWith('#')) types[match[1]] = match[2];
  }
  return { types };
}

/** The { env, args } of a Procfile process type; fails the check when it is missing or not a node command. */
export function processType(type) {
  const { types, missing } = readProcfile();
  if (missing) assert.fail('there is no Procfile in your project, so the platform does not know which processes to run');
  if (!types[type]) {
    assert.fail(`the Procfile declares ${Object.keys(types).map((t) => `"${t}"`).join(' and ') || 'no process types'}, but no "${type}" process type`);
  }
  const parsed = parseCommand(type, types[type]);
  if (parsed.error) assert.fail(parsed.error);
  return parsed;
}
