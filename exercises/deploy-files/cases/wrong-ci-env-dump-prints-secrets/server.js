// Notes: a small JSON API for a team's notes (GET /notes, POST /notes), with a page at /.
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { addNote, listNotes } from './db.js';

// One JSON object per line on stdout: the platform collects and routes the stream.
function log(level, msg, fields = {}) {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}

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
  const { pathname } = new URL(req.url, 'http://localhost');
  const started = Date.now();
  res.on('finish', () => log('info', 'request', { method: req.method, path: pathname, status: res.statusCode, ms: Date.now() - started }));
  try {
    if (req.method === 'GET' && pathname === '/health') return send(res, 200, { status: 'ok' });
    if (req.method === 'GET' && pathname === '/') return page(res);
    if (pathname === '/notes' && req.method === 'GET') return send(res, 200, await listNotes());
    if (pathname === '/notes' && req.method === 'POST') {
      const body = await readJson(req);
      if (typeof body?.text !== 'string' || body.text.trim() === '') return send(res, 400, { error: 'text is required' });
      return send(res, 201, await addNote(body.text.trim()));
    }
    send(res, 404, { error: 'not found' });
  } catch (error) {
    log('error', 'request failed', { method: req.method, path: pathname, error: error.message });
    send(res, 500, { error: 'internal error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => log('info', 'notes listening', { port }));
