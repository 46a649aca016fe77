// Readable events on stdout: indented so a person can scan them in the terminal.
export function log(level, msg, fields = {}) {
  console.log(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }, null, 2));
}
