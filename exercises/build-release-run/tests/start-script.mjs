// What `npm start` runs, read from package.json: the start script (node server.js when there is none) with its
// prestart/poststart hooks, following `npm run <script>` (and yarn/pnpm) into the scripts it names. The grade
// cannot run npm in the sandbox, and starting node server.js directly would never see a start script that
// builds first; this finds a build anywhere on that path.

const MAX_DEPTH = 8;
// A command that runs the build: node build.js (any path, .js/.mjs/.cjs) or a package script that does.
const BUILD_FILE = /(^|[\s/'"=])build\.(m?js|cjs)\b/;
const RUNNERS = /^(npm|pnpm|yarn)$/;

/** The script names a command line hands to npm/pnpm/yarn (`npm run build`, `npm start`, `yarn build`). */
function scriptsCalled(command, scripts) {
  const called = [];
  for (const part of command.split(/&&|\|\||;|\|/)) {
    const words = part.trim().split(/\s+/).filter((word) => !/^\w+=/.test(word)); // drop VAR=value prefixes
    const at = words.findIndex((word) => RUNNERS.test(word));
    if (at === -1) continue;
    const args = words.slice(at + 1).filter((word) => !word.startsWith('-'));
    if (args[0] === 'run' || args[0] === 'run-script') called.push(args[1]);
    else if (args[0] === 'start' || args[0] === 'test') called.push(args[0]);
    else if (words[at] !== 'npm' && args[0] in scripts) called.push(args[0]); // yarn build, pnpm build
  }
  return called.filter(Boolean);
}

/**
 * The chain of scripts `npm start` runs that builds, as ["start", "build"] (each runs the next; the last runs
 * the build), or null when npm start builds nothing.
 */
export function startBuilds(pkg) {
  const scripts = pkg && typeof pkg.scripts === 'object' && pkg.scripts ? pkg.scripts : {};
  const seen = new Set();
  const visit = (name, depth) => {
    if (seen.has(name) || depth > MAX_DEPTH) return null;
    seen.add(name);
    for (const hook of [`pre${name}`, name, `post${name}`]) {
      const command = scripts[hook] ?? (hook === 'start' ? 'node server.js' : undefined);
      if (typeof command !== 'string') continue;
      if (BUILD_FILE.test(command)) return [hook];
      for (const next of scriptsCalled(command, scripts)) {
        const chain = visit(next, depth + 1);
        if (chain) return [hook, ...chain];
      }
    }
    return null;
  };
  return visit('start', 0);
}
