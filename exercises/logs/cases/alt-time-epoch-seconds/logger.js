// One JSON event per line on stdout. `time` is seconds since the epoch (with milliseconds as the fraction),
// the way many collectors and Python's logging record it.
export function log(level, msg, fields = {}) {
  process.stdout.write(`${JSON.stringify({ time: Date.now() / 1000, level, msg, ...fields })}\n`);
}
