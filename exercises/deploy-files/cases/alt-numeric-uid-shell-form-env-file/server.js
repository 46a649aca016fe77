// Notes: a small JSON API for a team's notes (GET /notes, POST /notes), with a page at /.
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { addNote, listNotes } from './db.js';

const log = (level, message, extra) => console.log(JSON.stringify({ ts: Date.now(), level, message, ...extra }));

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

const routes = {
  'GET /health': async (req, res) => send(res, 200, { status: 'up', uptimeSeconds: Math.round(process.uptime()) }),
  'GET /': async (req, res) => page(res),
  'GET /notes': async (req, res) => send(res, 200, await listNotes()),
  'POST /notes': async (req, res) => {
    const body = await readJson(req);
    if (typeof body?.text !== 'string' || body.text.trim() === '') return send(res, 400, { error: 'text is required' });
    return send(res, 201, await addNote(body.text.trim()));
  },
};

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  const started = process.hrtime.bigint();
  res.on('finish', () => log('info', 'request', { method: req.method, path: pathname, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  const route = routes[`${req.method} ${pathname}`];
  try {
    if (!route) return send(res, 404, { error: 'not found' });
    await route(req, res);
  } catch (error) {
    log('error', 'request failed', { method: req.method, path: pathname, error: error.message });
    send(res, 500, { error: 'internal error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => log('info', 'listening', { port }));
