// Writes each event as a single line of JSON on stdout and nothing else.
const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

export function log(level, msg, fields = {}) {
  if (!LEVELS.has(level)) throw new Error(`unknown log level "${level}", use one of ${[...LEVELS].join(', ')}`);
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}
