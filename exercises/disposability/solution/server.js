import http from 'node:http';
import { connect } from './db.js';

const POOL_SIZE = 6;
const PAGE_SIZE = 20;

// Connections are opened when a request first needs one, so the server can take traffic at once.
const pool = [];
let turn = 0;
function db() {
  if (pool.length < POOL_SIZE) pool.push(connect());
  return pool[turn++ % pool.length];
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

// Graceful shutdown: stop accepting connections, let requests in flight finish, then exit.
let stopping = false;
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: finishing requests in flight`);
  server.close(() => {
    console.log('all requests finished, bye');
    process.exit(0);
  });
  server.closeIdleConnections();
  // The platform sends SIGKILL after 10 s; leave on our own terms before that.
  setTimeout(() => {
    console.error('requests still running after 8 s, exiting anyway');
    process.exit(1);
  }, 8000).unref();
}
// A keep-alive connection whose last response just finished would otherwise hold the server open.
server.on('request', (req, res) => {
  res.on('finish', () => { if (stopping) setImmediate(() => server.closeIdleConnections()); });
});
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
