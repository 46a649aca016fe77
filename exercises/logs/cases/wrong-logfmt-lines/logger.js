// Structured events in logfmt: one line per event, key=value pairs, easy to grep and to read.
function format(value) {
  const text = String(value);
  return /[\s="]/.test(text) ? JSON.stringify(text) : text;
}

export function log(level, msg, fields = {}) {
  const event = { time: new Date().toISOString(), level, msg, ...fields };
  process.stdout.write(`${Object.entries(event).map(([k, v]) => `${k}=${format(v)}`).join(' ')}\n`);
}
