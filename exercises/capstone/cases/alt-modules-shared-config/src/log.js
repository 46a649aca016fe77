// One JSON object per line on stdout; the platform collects and keeps the stream.
function write(level, msg, fields) {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}

export const log = {
  info: (msg, fields = {}) => write('info', msg, fields),
  error: (msg, fields = {}) => write('error', msg, fields),
};
