// Structured events for the platform's log collector: one JSON object per line on stdout.
function write(level, msg, fields) {
  const event = { time: new Date().toISOString(), level, msg, ...fields };
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

export const log = {
  info: (msg, fields = {}) => write('info', msg, fields),
  warn: (msg, fields = {}) => write('warn', msg, fields),
  error: (msg, fields = {}) => write('error', msg, fields),
};
