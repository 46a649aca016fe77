// One event per line on stdout, as JSON. Where the lines end up (a terminal, a log
// service, a file) is decided by whoever runs the process, not by the app.
export function log(level, msg, fields = {}) {
  const event = { time: new Date().toISOString(), level, msg, ...fields };
  process.stdout.write(`${JSON.stringify(event)}\n`);
}
