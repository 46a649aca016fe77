/**
 * Which environment variables a learner may set for Run (the workbench's env field and POST api/run alike).
 *
 * Allowed are the names an app reads for its own settings: upper-case letters, digits and "_" (PORT,
 * DATABASE_URL, NODE_ENV…), except every name that something other than the app reads — the shell, the
 * dynamic loader and libc, Node and OpenSSL, the sandbox — because such a value can choose which file is loaded,
 * which binary runs, where temp files go or where a tool writes (NODE_OPTIONS can --require any file,
 * LD_PRELOAD injects a library into every program, TMPDIR and HOME name folders, NODE_V8_COVERAGE and
 * NODE_REDIRECT_WARNINGS make Node write to a path). The server never uses a request's values for its own
 * paths either (src/server/api/run-app.ts); refusing the names keeps a mistake there from becoming a hole.
 */

/** App setting names: upper case, so names like http_proxy or npm_config_* that tools read stay out. */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
export const MAX_ENV_VARS = 50;
/** Bytes (UTF-8) of one value. */
export const MAX_ENV_VALUE = 4096;

/** Exact names read by the system, the shell or the sandbox, never by an exercise's app. */
const RESERVED_NAMES = new Set([
  'PATH', 'HOME', 'PWD', 'OLDPWD', 'SHELL', 'USER', 'LOGNAME', 'HOSTNAME', 'TERM',
  'TMPDIR', 'TMP', 'TEMP', 'TEMPDIR',
  'IFS', 'ENV', 'BASH_ENV', 'CDPATH', 'PS4', 'SHELLOPTS', 'BASHOPTS', 'GLOBIGNORE', 'POSIXLY_CORRECT',
  'LANG', 'LANGUAGE', 'LOCPATH', 'NLSPATH', 'GCONV_PATH', 'TZ', 'TZDIR',
  'HOSTALIASES', 'LOCALDOMAIN', 'RES_OPTIONS', 'RESOLV_HOST_CONF', 'GLIBC_TUNABLES',
  'SSL_CERT_FILE', 'SSL_CERT_DIR',
]);

/** Name prefixes of the same kind: the loader (LD_), libc (MALLOC_, LC_), Node and libuv, OpenSSL, XDG folders, the grader's own. */
const RESERVED_PREFIXES = ['LD_', 'MALLOC_', 'LC_', 'NODE_', 'UV_', 'OPENSSL_', 'XDG_', 'GRADING_', 'HARNESS_', 'BWRAP_'];

/** NODE_ENV is the one NODE_ name that is an app's own setting (exercises read it). */
const ALLOWED_DESPITE_PREFIX = new Set(['NODE_ENV']);

/** Why `name` may not be set for Run, or undefined when it may. */
export function envNameProblem(name: string): string | undefined {
  if (!ENV_NAME.test(name)) {
    return `"${name.slice(0, 40)}" is not a variable name: use upper-case letters, digits and _, not starting with a digit (e.g. DATABASE_URL)`;
  }
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (RESERVED_NAMES.has(name) || (prefix && !ALLOWED_DESPITE_PREFIX.has(name))) {
    const what = prefix ? `names starting with ${prefix}` : name;
    return `${name} cannot be set for Run: ${what} ${prefix ? 'are' : 'is'} read by the system or by Node itself, not by your app (it could change which files or programs are used)`;
  }
  return undefined;
}

/** Why `value` (of variable `name`) is not acceptable, or undefined. */
export function envValueProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `${name} must be text`;
  // A NUL cannot be passed to a process at all; other control characters (line breaks) are not one .env line.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value) || !value.isWellFormed()) return `${name} must be plain text on one line (no control characters)`;
  if (new TextEncoder().encode(value).length > MAX_ENV_VALUE) return `${name} must be text of at most ${MAX_ENV_VALUE} bytes`;
  if (name === 'PORT' && !/^\d{1,5}$/.test(value)) return 'PORT must be a port number, e.g. PORT=3000';
  if (name === 'PORT' && Number(value) > 65535) return 'PORT must be a port number from 0 to 65535';
  return undefined;
}

/** Why an env object is not acceptable, naming the variable, or undefined. Shared by the editor's env field and the server. */
export function envProblem(env: unknown): string | undefined {
  if (env === undefined) return undefined;
  if (typeof env !== 'object' || env === null || Array.isArray(env)) return '"env" must be an object of NAME → text';
  const entries = Object.entries(env as Record<string, unknown>);
  if (entries.length > MAX_ENV_VARS) return `at most ${MAX_ENV_VARS} environment variables`;
  for (const [name, value] of entries) {
    const problem = envNameProblem(name) ?? envValueProblem(name, value);
    if (problem) return problem;
  }
  return undefined;
}
