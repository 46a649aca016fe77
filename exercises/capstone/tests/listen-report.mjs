// Preloaded with `node --import` into every copy of the app the capstone tests start: notes each TCP port the app
// asks to listen on ("try 8080") and each it then listens on ("ok 8080"), in the file named by
// GRADING_LISTEN_REPORT. So an app that picks a port of its own instead of PORT is recognised as soon as it does,
// rather than after a long wait for a port that never opens; and a connection to PORT is known to reach this app,
// not another program that took the port first. The learner's code is not touched, and the variable is removed
// before it runs.
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const report = process.env.GRADING_LISTEN_REPORT;
delete process.env.GRADING_LISTEN_REPORT;

function note(line) {
  try { appendFileSync(report, `${line}\n`); } catch { /* the check is over */ }
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
