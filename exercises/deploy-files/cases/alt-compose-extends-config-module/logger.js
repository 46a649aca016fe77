// The service's log: events as single-line JSON on stdout. Where they go from there is the platform's business.
export function createLogger(fields = {}) {
  const write = (level) => (msg, extra = {}) => {
    process.stdout.write(`${JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields, ...extra })}\n`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
