// Reads the learner's deploy files through the parsers, turning a file the parser refuses into a failure that
// names the file and line (never a crash of the check). Also what the checks share: the project's npm scripts,
// the final image, the container's start command, and the services compose runs from the app's image.
import { GradingError, appFileExists, listAppFiles, readAppFile } from '../kit.mjs';
import { DockerfileError, finalImage, parseDockerfile } from './dockerfile.mjs';
import { isChainguard, isDistroless, parseImageRef } from './images.mjs';
import { YamlError, lineOf, parseYaml } from './yaml-lite.mjs';

/** The registry path the project's images are pushed to (README.md, "How it ships"). */
export const APP_REPOSITORY = 'ghcr.io/acme/notes';

const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export function dockerfile() {
  if (!appFileExists('Dockerfile')) throw new GradingError('Your project has no Dockerfile any more. Expected the Dockerfile that builds the service\'s image');
  try {
    return parseDockerfile(readAppFile('Dockerfile'), 'Dockerfile');
  } catch (error) {
    if (error instanceof DockerfileError) throw new GradingError(error.message);
    throw error;
  }
}

export function image() {
  return finalImage(dockerfile());
}

export function compose() {
  const file = COMPOSE_FILES.find((name) => appFileExists(name));
  if (!file) throw new GradingError('Your project has no compose.yaml any more. Expected the compose file that runs the service for development');
  const doc = yaml(file);
  if (!doc || typeof doc.services !== 'object' || doc.services === null || Array.isArray(doc.services)) {
    throw new GradingError(`${file} has no services: map. Expected the services compose runs (the app and its database)`);
  }
  const services = {};
  for (const name of Object.keys(doc.services)) services[name] = resolveExtends(doc.services, name, file, new Set());
  return { file, doc, services, line: (name) => lineOf(doc.services, name) };
}

/** A service with `extends: <name>` (same file) merged over the service it extends. */
function resolveExtends(all, name, file, seen) {
  const service = all[name];
  if (!service || typeof service !== 'object') throw new GradingError(`${file}: service "${name}" is not a map of settings`);
  const base = typeof service.extends === 'string' ? service.extends : service.extends?.file ? undefined : service.extends?.service;
  if (!base || !(base in all) || seen.has(base)) return service;
  seen.add(name);
  const { extends: _, ...own } = service;
  const inherited = resolveExtends(all, base, file, seen);
  const merged = { ...inherited, ...own };
  // compose merges environment: entry by entry (the extending service's value wins), as it does labels.
  if (own.environment !== undefined && inherited.environment !== undefined) {
    merged.environment = { ...environmentMap(inherited.environment), ...environmentMap(own.environment) };
  }
  return merged;
}

function environmentMap(environment) {
  if (!Array.isArray(environment)) return environment ?? {};
  return Object.fromEntries(environment.map(String).map((entry) => {
    const at = entry.indexOf('=');
    return at === -1 ? [entry, undefined] : [entry.slice(0, at), entry.slice(at + 1)];
  }));
}

export function workflows() {
  const files = listAppFiles().filter((file) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(file));
  if (files.length === 0) throw new GradingError('Your project has no workflow in .github/workflows/ any more. Expected the CI workflow that builds and pushes the image');
  return files.map((file) => ({ file, doc: yaml(file) }));
}

function yaml(file) {
  try {
    return parseYaml(readAppFile(file), file);
  } catch (error) {
    if (error instanceof YamlError) throw new GradingError(`${error.message} (the grader reads a common subset of YAML)`);
    throw error;
  }
}

export function scripts() {
  if (!appFileExists('package.json')) return {};
  try {
    return JSON.parse(readAppFile('package.json')).scripts ?? {};
  } catch {
    throw new GradingError('package.json is not valid JSON. Expected the project\'s package.json with its scripts');
  }
}

/** The container's command as { argv } or { shell }, from the final image's ENTRYPOINT and CMD. */
export function containerCommand(final) {
  // Distroless and Chainguard node images have node itself as their ENTRYPOINT: CMD ["server.js"] runs node server.js.
  const implicit = isDistroless(final.base) || isChainguard(final.base) ? { json: ['node'], line: final.final.line } : undefined;
  const entrypoint = final.last('ENTRYPOINT') ?? (final.last('CMD')?.json ? implicit : undefined);
  const cmd = final.last('CMD');
  if (entrypoint) {
    if (!entrypoint.json) return { shell: entrypoint.args, line: entrypoint.line };
    const rest = cmd ? cmd.json ?? ['/bin/sh', '-c', cmd.args] : [];
    return { argv: [...entrypoint.json, ...rest], line: entrypoint.line };
  }
  if (!cmd) return undefined;
  return cmd.json ? { argv: cmd.json, line: cmd.line } : { shell: cmd.args, line: cmd.line };
}

/** A compose service's command as { argv } or { shell }, or undefined when it runs the image's own command. */
export function serviceCommand(service) {
  const part = (value) => (Array.isArray(value) ? { argv: value.map(String) } : typeof value === 'string' ? { shell: value } : undefined);
  const entrypoint = part(service.entrypoint);
  const command = part(service.command);
  if (entrypoint?.argv && command) return { argv: [...entrypoint.argv, ...(command.argv ?? ['/bin/sh', '-c', command.shell])] };
  return entrypoint ?? command;
}

/** Names of the services that run the app's image: built from the project, or pulled from its repository. */
export function appServices(services) {
  const repositories = new Set([APP_REPOSITORY]);
  for (const service of Object.values(services)) {
    if (service.build !== undefined && typeof service.image === 'string') repositories.add(parseImageRef(service.image).repository);
  }
  return Object.keys(services).filter((name) => {
    const service = services[name];
    return service.build !== undefined || (typeof service.image === 'string' && repositories.has(parseImageRef(service.image).repository));
  });
}

/**
 * Build arguments the CI workflows fill from secrets.* (docker/build-push-action's build-args, docker build
 * --build-arg): name → where. Whatever name the ARG has, its value ends up in the image's history.
 */
export function secretBuildArgs() {
  const fed = new Map();
  let all;
  try {
    all = workflows();
  } catch {
    return fed; // the workflow checks report a missing or unreadable workflow
  }
  for (const { file, doc } of all) {
    for (const body of Object.values(doc?.jobs ?? {})) {
      for (const step of Array.isArray(body?.steps) ? body.steps : []) {
        const env = { ...(doc.env ?? {}), ...(body.env ?? {}), ...(step?.env ?? {}) };
        const secretVars = Object.keys(env).filter((name) => /secrets\./.test(String(env[name])));
        const fromSecret = (value) => /secrets\./.test(value) || secretVars.some((name) => new RegExp(`\\$\\{?${name}\\b|env\\.${name}\\b`).test(value));
        const args = typeof step?.with?.['build-args'] === 'string' ? step.with['build-args'].split(/\n/) : [];
        if (typeof step?.run === 'string') for (const m of step.run.matchAll(/--build-arg[=\s]+["']?([A-Za-z_]\w*=[^\s"']*)/g)) args.push(m[1]);
        for (const arg of args) {
          const at = arg.indexOf('=');
          if (at > 0 && fromSecret(arg.slice(at + 1))) fed.set(arg.slice(0, at).trim(), file);
        }
      }
    }
  }
  return fed;
}
