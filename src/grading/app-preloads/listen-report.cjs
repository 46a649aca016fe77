// Preloaded (--require) into an app the kit starts with startApp({ listenReport: true }): notes each TCP port
// the app asks to listen on ("try 8080") and each it then listens on ("ok 8080"), one line each, in the file
// named by GRADING_LISTEN_REPORT (app.listens() reads it). So a test knows at once which ports the app opened,
// instead of probing fixed ports or waiting for one that never opens. The learner's code is not touched, and the
// variable is removed before it runs. Listens made in a cluster worker or a child process are not seen.
const { appendFileSync } = require('node:fs');
const net = require('node:net');

const report = process.env.GRADING_LISTEN_REPORT;
delete process.env.GRADING_LISTEN_REPORT;

function note(line) {
  try {
    appendFileSync(report, `${line}\n`);
  } catch {
    // the check is over
  }
}

/** The port in listen(port, …) or listen({ port }, …); undefined for a pipe, a handle or port 0. */
function requestedPort(first) {
  const value = first !== null && typeof first === 'object' ? first.port : first;
  const port = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

if (report) {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function listenAndReport(...args) {
    const asked = requestedPort(args[0]);
    if (asked !== undefined) note(`try ${asked}`);
    this.once('listening', () => {
      const address = this.address();
      if (address && typeof address === 'object') note(`ok ${address.port}`);
    });
    return listen.apply(this, args);
  };
}
