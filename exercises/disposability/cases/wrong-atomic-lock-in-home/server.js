import http from 'node:http';
import { connect } from './db.js';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// One exporter per account: take the lock atomically (wx), so two starting at once cannot both win.
const lockDir = join(homedir(), '.ledgerline');
const lock = join(lockDir, 'exporter.lock');
mkdirSync(lockDir, { recursive: true });
try {
  closeSync(openSync(lock, 'wx'));
} catch {
  console.error('another ledgerline process is running; not starting a second one');
  process.exit(1);
}

const POOL_SIZE = 6;
const PAGE_SIZE = 20;

// Connections are opened when a request first needs them, so the process listens at once.
const pool = [];
let turn = 0;
async function db() {
  const index = turn++ % POOL_SIZE;
  pool[index] ??= connect();
  return pool[index];
}

async function exportOrders(res) {
  const conn = await db();
  res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
  res.write('id,customer,total\n');
  for (let page = 0; ; page++) {
    const rows = await conn.orders(page, PAGE_SIZE);
    if (rows.length === 0) break;
    res.write(rows.map((o) => `${o.id},${o.customer},${o.total.toFixed(2)}\n`).join(''));
  }
  res.end();
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://exports.local');
  if (req.method !== 'GET') {
    res.writeHead(405).end();
  } else if (pathname === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
  } else if (pathname === '/exports/orders.csv') {
    await exportOrders(res);
  } else if (/^\/orders\/\d+$/.test(pathname)) {
    const order = await (await db()).order(Number(pathname.split('/')[2]));
    res.writeHead(order ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(order ?? { error: 'no such order' }));
  } else {
    res.writeHead(404).end();
  }
});

const port = process.env.PORT ?? 3000;
server.listen(port, () => console.log(`ledgerline exports listening on port ${port}`));

// Stop taking connections, let the requests in progress finish, then exit 0.
function shutdown(signal) {
  console.log(`${signal} received, finishing requests in progress`);
  server.close(() => {
    rmSync(lock, { force: true });
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
