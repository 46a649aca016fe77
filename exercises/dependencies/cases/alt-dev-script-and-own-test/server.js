import http from 'node:http';
import { createHash } from 'node:crypto'; // was execFileSync('sha256sum'); no need for require('hasha') either
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib'; // instead of spawn('gzip') or import pako from 'pako'

// Hashing and compression come from Node itself: nothing has to be installed on the machine besides node.
const gzip = promisify(gzipCallback);

const receipts = new Map(); // id -> receipt

// A receipt's id is the SHA-256 of what was uploaded, so sending it twice is harmless.
function fingerprint(text) {
  return createHash('sha256').update(text).digest('hex');
}

function send(res, status, body, headers = { 'content-type': 'application/json' }) {
  res.writeHead(status, headers);
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

async function addReceipt(req, res) {
  let text = '';
  for await (const chunk of req) text += chunk;
  let receipt;
  try {
    receipt = JSON.parse(text);
  } catch {
    return send(res, 400, { error: 'send the receipt as JSON, e.g. {"merchant": "Café Lumen", "total": 12.4}' });
  }
  const id = fingerprint(text);
  const isNew = !receipts.has(id);
  receipts.set(id, { id, ...receipt });
  send(res, isNew ? 201 : 200, receipts.get(id));
}

async function exportAll(res) {
  const archive = await gzip(JSON.stringify([...receipts.values()]), { level: 9 });
  send(res, 200, archive, {
    'content-type': 'application/gzip',
    'content-disposition': 'attachment; filename="receipts.json.gz"',
  });
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  try {
    if (req.method === 'GET' && pathname === '/health') return send(res, 200, { status: 'ok' });
    if (req.method === 'POST' && pathname === '/receipts') return await addReceipt(req, res);
    if (req.method === 'GET' && pathname === '/receipts/export') return await exportAll(res);
    if (req.method === 'GET' && pathname.startsWith('/receipts/')) {
      const receipt = receipts.get(pathname.slice('/receipts/'.length));
      return receipt ? send(res, 200, receipt) : send(res, 404, { error: 'no such receipt' });
    }
    send(res, 404, { error: 'not found' });
  } catch (error) {
    console.error(error);
    send(res, 500, { error: 'internal error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`receipts listening on http://localhost:${port}`));
