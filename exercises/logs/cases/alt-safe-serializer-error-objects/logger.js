// Turns each event into exactly one line of JSON on stdout, whatever the caller passes in.
// Error objects serialise to {} with JSON.stringify, and a circular object would throw,
// so both are handled here instead of at every call site.
function replacer() {
  const seen = new WeakSet();
  return (key, value) => {
    if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[circular]';
      seen.add(value);
    }
    return value;
  };
}

// Call sites keep their old shape, log('INFO', 'text'), with an optional object of fields.
export function log(level, message, fields = {}) {
  const event = { time: new Date().toISOString(), level: String(level).toLowerCase(), msg: message, ...fields };
  process.stdout.write(JSON.stringify(event, replacer()) + '\n');
}
