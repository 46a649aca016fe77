import http from 'node:http';
import { config, describeConfig } from './config.js';
import { connect } from './db.js';
import { createMailer } from './mailer.js';

const db = connect(config.databaseUrl);
const mailer = createMailer(config.mail);

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function handle(req, res) {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && pathname === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && pathname === '/config') return send(res, 200, describeConfig());

  if (req.method === 'GET' && pathname === '/orders') {
    const orders = await db.listOrders();
    return send(res, 200, orders.map(({ _id, _rev, ...order }) => ({ id: _id, ...order })));
  }

  const confirm = /^\/orders\/([^/]+)\/confirm$/.exec(pathname);
  if (req.method === 'POST' && confirm) {
    const id = decodeURIComponent(confirm[1]);
    const order = await db.getOrder(id);
    if (!order) return send(res, 404, { error: `no order ${id}` });
    await mailer.send({
      to: order.email,
      subject: `Your Brewhouse order ${id}`,
      text: `Hi ${order.customer}, we are roasting your beans. Total: ${order.total} EUR.`,
    });
    return send(res, 202, { confirmed: id });
  }

  send(res, 404, { error: 'not found' });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    const cause = error.cause ? ` (${error.cause.code ?? error.cause.message})` : '';
    console.error(`${req.method} ${req.url} failed: ${error.message}${cause}`);
    send(res, 502, { error: 'a backing service failed' });
  });
});

server.listen(config.port, () => console.log(`Orders service listening on port ${config.port}`));
