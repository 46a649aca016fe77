import http from 'node:http';
import { once } from 'node:events';
import { connect } from './db.js';

// One export service: start() listens straight away, stop() resolves when every request is done.
class ExportService {
  static PAGE_SIZE = 20;
  #connection = null;
  #server = http.createServer((req, res) => this.#route(req, res));

  // A single connection, opened by the first request that needs it and shared afterwards.
  #db() {
    this.#connection ??= connect();
    return this.#connection;
  }

  async start(port) {
    this.#server.listen(port);
    await once(this.#server, 'listening');
    return this.#server.address().port;
  }

  async stop() {
    const closed = once(this.#server, 'close');
    this.#server.close();
    this.#server.closeIdleConnections();
    await closed;
  }

  async #route(req, res) {
    const { pathname } = new URL(req.url, 'http://exports.local');
    if (req.method !== 'GET') return res.writeHead(405).end();
    if (pathname === '/health') return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    if (pathname === '/exports/orders.csv') return this.#export(res);
    if (/^\/orders\/\d+$/.test(pathname)) {
      const order = await (await this.#db()).order(Number(pathname.split('/')[2]));
      res.writeHead(order ? 200 : 404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(order ?? { error: 'no such order' }));
    }
    res.writeHead(404).end();
  }

  async #export(res) {
    const conn = await this.#db();
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
    res.write('id,customer,total\n');
    for (let page = 0; ; page++) {
      const rows = await conn.orders(page, ExportService.PAGE_SIZE);
      if (rows.length === 0) break;
      res.write(rows.map((o) => `${o.id},${o.customer},${o.total.toFixed(2)}\n`).join(''));
    }
    res.end();
  }
}

const service = new ExportService();
const port = await service.start(process.env.PORT ?? 3000);
console.log(`ledgerline exports listening on port ${port}`);

let stopping;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    stopping ??= service.stop().then(() => {
      console.log(`stopped after ${signal}`);
      process.exit(0);
    });
  });
}
