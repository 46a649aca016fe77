// Events go out as one JSON object per line. Errors go to stderr, everything else to stdout:
// the platform captures both streams, and keeping errors apart makes them easy to tail.
export function log(level, msg, fields = {}) {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  if (level === 'error') process.stderr.write(line);
  else process.stdout.write(line);
}
