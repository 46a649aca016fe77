// Writing on every event is slow, so events are collected and written to stdout in batches.
const FLUSH_EVERY_MS = 10_000;
let pending = [];

function flush() {
  if (pending.length === 0) return;
  process.stdout.write(pending.join(''));
  pending = [];
}

setInterval(flush, FLUSH_EVERY_MS).unref();
process.on('exit', flush);

export function log(level, msg, fields = {}) {
  pending.push(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}
