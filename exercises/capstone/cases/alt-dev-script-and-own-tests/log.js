// One JSON event per line on stdout; the platform decides where it goes.
export function log(msg, fields = {}, level = 'info') {
  console.log(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
}
