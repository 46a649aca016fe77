// Preloaded (--require) into an app the kit starts with startApp({ listenReport: true }): notes each TCP port
// the app asks to listen on ("try 8080") and each it then listens on ("ok 8080"), one line each, where
// GRADING_LISTEN_REPORT says: "fd:3" (a pipe the grader reads: the app can add lines but not take one back) or a
// file (app.listens() reads it). It runs inside the learner's process, so it is evidence the app gives about
// itself: a test uses it to say what went wrong sooner, and proves a listen by connecting. So a test knows at
// once which ports the app opened, instead of probing fixed ports or waiting for one that never opens. The
// learner's code is not touched, and the variable is removed before it runs. Listens made in a cluster worker or a child process are not seen.
const { appendFileSync, writeSync } = require('node:fs');
const net = require('node:net');

const report = process.env.GRADING_LISTEN_REPORT;
delete process.env.GRADING_LISTEN_REPORT;

const fd = /^fd:(\d+)$/.exec(report ?? '')?.[1];

function note(line) {
  try {
    if (fd !== undefined) writeSync(Number(fd), `${line}\n`);
    else appendFileSync(report, `${line}\n`);
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
