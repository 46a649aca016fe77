// Graceful stop for an http.Server: refuse new connections, finish the open requests, exit 0.
// A second Ctrl-C means "now": exit at once, as terminals users expect.
export function stopGracefully(server, { signals = ['SIGTERM', 'SIGINT'], log = console.log } = {}) {
  let draining = false;
  const onSignal = (signal) => {
    if (draining) {
      log(`${signal} again: exiting without waiting`);
      process.exit(130);
    }
    draining = true;
    log(`${signal}: draining`);
    server.close((err) => process.exit(err ? 1 : 0));
    server.closeIdleConnections();
    // Keep-alive sockets that go idle after their last response must not hold the exit up.
    server.on('request', (req, res) => res.on('finish', () => server.closeIdleConnections()));
  };
  for (const signal of signals) process.on(signal, onSignal);
}
