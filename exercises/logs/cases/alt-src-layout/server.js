import http from 'node:http';
import { log } from './src/log.js';
import { route } from './src/routes.js';

const port = Number(process.env.PORT) || 3000;

const server = http.createServer(async (req, res) => {
  const started = performance.now();
  res.on('finish', () => {
    log.info('request', {
      method: req.method,
      path: req.url,
      status: res.statusCode,
      duration_ms: Math.round(performance.now() - started),
    });
  });
  try {
    await route(req, res);
  } catch (err) {
    log.error('request failed', { path: req.url, error: err.message, stack: err.stack });
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'internal error' }));
  }
});

server.listen(port, () => {
  log.info('listening', { port });
});
