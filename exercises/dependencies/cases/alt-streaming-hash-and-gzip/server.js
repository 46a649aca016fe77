import http from 'node:http';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants } from 'node:zlib';

const receipts = new Map(); // id -> receipt

function send(res, status, body, headers = { 'content-type': 'application/json' }) {
  res.writeHead(status, headers);
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

// Hash the body while it arrives: the id is the SHA-256 of exactly the bytes uploaded.
async function readAndHash(req) {
  const hash = createHash('sha256');
  const chunks = [];
  for await (const chunk of req) {
    hash.update(chunk);
    chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), id: hash.digest('hex') };
}

async function addReceipt(req, res) {
  const { text, id } = await readAndHash(req);
  let receipt;
  try {
    receipt = JSON.parse(text);
  } catch {
    return send(res, 400, { error: 'send the receipt as JSON, e.g. {"merchant": "Café Lumen", "total": 12.4}' });
  }
  const isNew = !receipts.has(id);
  receipts.set(id, { id, ...receipt });
  send(res, isNew ? 201 : 200, receipts.get(id));
}

// Stream the array through gzip into the response, one receipt at a time.
function* jsonArray(items) {
  yield '[';
  let first = true;
  for (const item of items) {
    yield `${first ? '' : ','}${JSON.stringify(item)}`;
    first = false;
  }
  yield ']';
}

async function exportAll(res) {
  res.writeHead(200, {
    'content-type': 'application/gzip',
    'content-disposition': 'attachment; filename="receipts.json.gz"',
  });
  await pipeline(Readable.from(jsonArray([...receipts.values()])), createGzip({ level: constants.Z_BEST_COMPRESSION }), res);
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
    if (res.headersSent) return res.destroy();
    send(res, 500, { error: 'internal error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`receipts listening on http://localhost:${port}`));
