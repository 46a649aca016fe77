// What a container's command really runs: `sh -c` scripts unwrapped, init wrappers (exec, tini, dumb-init, env)
// dropped, and `npm start` / `npm run <script>` replaced by the package.json scripts npm would run, so that a
// build or a migration hidden in a script is seen as well as one written in the Dockerfile or compose.yaml.
import { shellCommands, shellDashC } from './shell-lite.mjs';

const WRAPPER = /^(?:\/\S*\/)?(exec|dumb-init|tini|tini-static|env|docker-entrypoint\.sh|gosu|su-exec)$/;
const NODE = /^(?:\/\S*\/)?(node|nodejs)$/;
const NODE_FLAGS_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--title', '--conditions', '-C']);

/**
 * The simple commands `command` runs, each { words, redirects, pipedOut, via } where via names the npm script it
 * came from ("" when written directly). command is { argv } (exec form) or { shell } (shell form).
 */
export function expandCommand(command, scripts = {}) {
  const out = [];
  const visit = (commands, via, depth) => {
    for (const original of commands) {
      const cmd = { ...original, words: [...original.words] };
      unwrap(cmd);
      if (cmd.words.length === 0) continue;
      const script = shellDashC(cmd.words);
      if (script !== undefined) {
        visit(shellCommands(script), via, depth + 1);
        continue;
      }
      const name = npmScript(cmd.words);
      if (name && depth < 6) {
        const body = scripts[name] ?? (name === 'start' ? 'node server.js' : undefined);
        if (body !== undefined) {
          for (const step of [`pre${name}`, name, `post${name}`]) {
            const text = step === name ? body : scripts[step];
            if (text !== undefined) visit(shellCommands(text), `npm run ${step}`, depth + 1);
          }
          continue;
        }
      }
      out.push({ ...cmd, via });
    }
  };
  if (command.argv) visit([{ words: command.argv, redirects: [], assignments: [], pipedOut: false }], '', 0);
  else visit(shellCommands(command.shell), '', 0);
  return out;
}

function unwrap(cmd) {
  for (let guard = 0; guard < 5 && cmd.words.length > 0; guard += 1) {
    const m = cmd.words[0].match(WRAPPER);
    if (!m) return;
    cmd.words.shift();
    if (m[1] === 'env') while (cmd.words[0] && (/^[A-Za-z_]\w*=/.test(cmd.words[0]) || cmd.words[0].startsWith('-'))) cmd.words.shift();
    else if (m[1] === 'gosu' || m[1] === 'su-exec') cmd.words.shift(); // the user
    else {
      while (cmd.words[0]?.startsWith('-') && cmd.words[0] !== '--') cmd.words.shift();
      if (cmd.words[0] === '--') cmd.words.shift();
    }
  }
}

/** "start" for `npm start`, "<name>" for `npm run <name>` (also pnpm/yarn), else undefined. */
function npmScript(words) {
  const [tool, sub, name] = words;
  if (!/^(npm|pnpm|yarn)$/.test(tool ?? '')) return undefined;
  if (sub === 'start' || sub === 'test') return sub;
  if ((sub === 'run' || sub === 'run-script') && name) return name;
  if (tool !== 'npm' && sub && !/^(install|i|add|ci|exec|dlx)$/.test(sub)) return sub;
  return undefined;
}

/** The file `node <flags> <file>` runs, or undefined when the command is not node running a file. */
export function nodeScript(words) {
  if (!NODE.test(words[0] ?? '')) return undefined;
  for (let i = 1; i < words.length; i += 1) {
    const word = words[i];
    if (word === '-e' || word === '--eval' || word === '-p' || word === '--print') return undefined;
    if (NODE_FLAGS_WITH_VALUE.has(word)) i += 1;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

export const isNode = (words) => NODE.test(words[0] ?? '');

/** Why this command does more than start a process that logs to stdout, or undefined. */
export function startupProblem(cmd) {
  const text = cmd.words.join(' ');
  const where = cmd.via ? ` (in ${cmd.via})` : '';
  if (/(^|\/)build(\.[cm]?js)?$/.test(nodeScript(cmd.words) ?? '') || cmd.via === 'npm run build' || /^(npx\s+)?(tsc|vite|webpack|esbuild|rollup)\b/.test(text)) {
    return { kind: 'build', message: `runs the build at start-up: "${text}"${where}` };
  }
  if (/^(npm\s+(ci|install|i|add)|yarn(\s+(install|add))?$|yarn\s+(install|add)\b|pnpm\s+(install|i|add)\b)/.test(text)) {
    return { kind: 'install', message: `installs packages at start-up: "${text}"${where}` };
  }
  if (/migrat/i.test(text) || /migrat/i.test(cmd.via)) return { kind: 'migrate', message: `runs the migration: "${text}"${where}` };
  for (const { op, target } of cmd.redirects) {
    if (!op.includes('>') || op.endsWith('>&') || target.startsWith('&')) continue;
    if (/^\/(dev\/std(out|err)|proc\/self\/fd\/[12])$/.test(target)) continue;
    return { kind: 'redirect', message: `sends its output to ${target} instead of stdout: "${cmd.text || text}"${where}` };
  }
  if (/^(\/\S*\/)?tee$/.test(cmd.words[0])) return { kind: 'redirect', message: `copies the output into a file with tee: "${text}"${where}` };
  return undefined;
}
