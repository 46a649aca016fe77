// Logs are an event stream: one JSON object per line on stdout, routed by whatever runs the process.
export function log(event, fields = {}) {
  console.log(JSON.stringify({ at: new Date().toISOString(), event, ...fields }));
}
