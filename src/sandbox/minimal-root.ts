import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { instanceDir } from './run-root.ts';

/**
 * The root filesystem a sandbox sees: Node's binary (at /usr/local/bin/node, whichever Node it is), the shared
 * libraries it loads (ldd), CA certificates and a tiny /etc (hosts, passwd, group, nsswitch.conf). Nothing else
 * of the host: no shell, no perl or python3, no compilers or debuggers to help an attack along. Everything is
 * mounted read-only; bubblewrap builds the rest (/proc, /dev, a private /tmp) per sandbox.
 */
export const NODE_IN_SANDBOX = '/usr/local/bin/node';
export const SANDBOX_PATH = '/usr/local/bin';

const CA_CERTIFICATES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'];

const roots = new Map<string, string[]>();

/** bwrap arguments that mount the minimal root for this Node binary (computed once per binary). */
export function minimalRootArgs(nodeBinary: string): string[] {
  let args = roots.get(nodeBinary);
  if (!args) {
    args = build(nodeBinary);
    roots.set(nodeBinary, args);
  }
  return args;
}

/** The libraries a binary loads, as ldd names them (the dynamic loader included). */
export function sharedLibraries(binary: string): string[] {
  const result = spawnSync('ldd', [binary], { encoding: 'utf8' });
  if (result.status !== 0) return []; // a static binary ("not a dynamic executable")
  const libraries: string[] = [];
  for (const line of result.stdout.split('\n')) {
    const match = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s*\(/.exec(line);
    if (match?.[1]) libraries.push(match[1]);
  }
  return libraries;
}

function build(nodeBinary: string): string[] {
  const etc = sandboxEtc();
  const args = ['--ro-bind', realpathSync(nodeBinary), NODE_IN_SANDBOX];
  for (const library of sharedLibraries(realpathSync(nodeBinary))) {
    // Bound at the path the loader looks for (which may be a symlink on the host) and at its real path.
    const real = realpathSync(library);
    args.push('--ro-bind', real, library);
    if (real !== library) args.push('--ro-bind', real, real);
  }
  args.push('--dir', '/etc');
  for (const name of ['hosts', 'passwd', 'group', 'nsswitch.conf']) args.push('--ro-bind', path.join(etc, name), `/etc/${name}`);
  const certificates = CA_CERTIFICATES.find((file) => existsSync(file));
  if (certificates) args.push('--ro-bind', realpathSync(certificates), certificates);
  return args;
}

let etcDir: string | undefined;
/** `localhost` must resolve and the uid must have a name; nothing else of the host's /etc is visible. */
function sandboxEtc(): string {
  if (etcDir) return etcDir;
  // In this process's sandbox folder, removed with it at exit (or by the next start's sweep).
  const dir = path.join(instanceDir(), 'etc');
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755); // readable by the unprivileged run uids
  writeFileSync(path.join(dir, 'hosts'), '127.0.0.1 localhost\n::1 localhost\n');
  writeFileSync(path.join(dir, 'passwd'), 'app:x:1000:1000::/tmp:/usr/sbin/nologin\n');
  writeFileSync(path.join(dir, 'group'), 'app:x:1000:\n');
  writeFileSync(path.join(dir, 'nsswitch.conf'), 'passwd: files\ngroup: files\nhosts: files dns\n');
  etcDir = dir;
  return dir;
}
