// Prints each event as one JSON line on stdout. No files: the platform keeps the stream.
export function log(level, msg, fields = {}) {
  console.log(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
}
