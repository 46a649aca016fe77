// Each event is one JSON object on one line of stdout; the platform keeps it.
export function log(level, message) {
  const event = { time: new Date().toISOString(), level: level.toLowerCase(), msg: message };
  process.stdout.write(`${JSON.stringify(event)}\n`);
}
