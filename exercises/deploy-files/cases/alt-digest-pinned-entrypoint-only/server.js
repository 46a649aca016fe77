// Notes: a small JSON API for a team's notes (GET /notes, POST /notes), with a page at /.
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { addNote, listNotes } from './db.js';

const logger = {
  emit(severity, message, attributes = {}) {
    // One event per line; the line is the whole record.
    process.stdout.write(JSON.stringify({ timestamp: new Date().toISOString(), severity, message, attributes }) + '\n');
  },
  info(message, attributes) {
    this.emit('INFO', message, attributes);
  },
  error(message, attributes) {
    this.emit('ERROR', message, attributes);
  },
};

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function page(res) {
  if (!existsSync('dist/index.html')) return send(res, 503, { error: 'the page is not built: run npm run build' });
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(readFileSync('dist/index.html'));
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const started = performance.now();
  res.on('finish', () =>
    logger.info(`${req.method} ${url.pathname} ${res.statusCode}`, { method: req.method, path: url.pathname, status: res.statusCode, durationMs: Math.round(performance.now() - started) }),
  );
  try {
    if (req.method === 'GET' && url.pathname === '/livez') return send(res, 200, { live: true });
    if (req.method === 'GET' && url.pathname === '/') return page(res);
    if (url.pathname === '/notes' && req.method === 'GET') return send(res, 200, await listNotes());
    if (url.pathname === '/notes' && req.method === 'POST') {
      const body = await readJson(req);
      if (typeof body?.text !== 'string' || body.text.trim() === '') return send(res, 400, { error: 'text is required' });
      return send(res, 201, await addNote(body.text.trim()));
    }
    send(res, 404, { error: 'not found' });
  } catch (error) {
    logger.error('request failed', { method: req.method, path: url.pathname, error: error.message });
    send(res, 500, { error: 'internal error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => logger.info('notes is listening', { port }));
