import http from 'node:http';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

const receipts = new Map(); // id -> receipt

// A receipt's id is the SHA-256 of what was uploaded, so sending it twice is harmless.
const fingerprint = (bytes) => createHash('sha256').update(bytes).digest('hex');

function send(res, status, body, headers = { 'content-type': 'application/json' }) {
  res.writeHead(status, headers);
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

async function addReceipt(req, res) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  let receipt;
  try {
    receipt = JSON.parse(bytes.toString('utf8'));
  } catch {
    return send(res, 400, { error: 'send the receipt as JSON, e.g. {"merchant": "Café Lumen", "total": 12.4}' });
  }
  if (receipt === null || typeof receipt !== 'object' || Array.isArray(receipt)) {
    return send(res, 400, { error: 'a receipt is a JSON object, e.g. {"merchant": "Café Lumen", "total": 12.4}' });
  }
  const id = fingerprint(bytes);
  const isNew = !receipts.has(id);
  receipts.set(id, { id, ...receipt });
  send(res, isNew ? 201 : 200, receipts.get(id), { 'content-type': 'application/json', location: `/receipts/${id}` });
}

function exportAll(req, res) {
  const archive = gzipSync(JSON.stringify([...receipts.values()]));
  const etag = `"${fingerprint(archive).slice(0, 16)}"`;
  if (req.headers['if-none-match'] === etag) return send(res, 304, '', { etag });
  send(res, 200, archive, {
    'content-type': 'application/gzip',
    'content-length': archive.length,
    'content-disposition': `attachment; filename="receipts-${new Date().toISOString().slice(0, 10)}.json.gz"`,
    etag,
  });
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  try {
    if (req.method === 'GET' && pathname === '/health') return send(res, 200, { status: 'ok', receipts: receipts.size });
    if (req.method === 'GET' && pathname === '/receipts') return send(res, 200, [...receipts.keys()]);
    if (req.method === 'POST' && pathname === '/receipts') return await addReceipt(req, res);
    if (req.method === 'GET' && pathname === '/receipts/export') return exportAll(req, res);
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
process.on('SIGTERM', () => server.close(() => process.exit(0)));
