import http from 'node:http';
import { connect } from './db.js';
import { createMailer } from './mailer.js';

// Every deploy hands its settings over in the environment; no settings live in the code.
const { PORT, DATABASE_URL, MAIL_API_URL, MAIL_API_KEY } = process.env;
const required = { DATABASE_URL, MAIL_API_URL, MAIL_API_KEY };
for (const [name, value] of Object.entries(required)) {
  if (!value) {
    console.log(`Configuration error: environment variable ${name} is not set.`);
    process.exit(1);
  }
}

const port = Number(PORT ?? 3000);
const db = connect(DATABASE_URL);
const mailer = createMailer({ apiUrl: MAIL_API_URL, apiKey: MAIL_API_KEY, from: 'orders@brewhouse.example' });

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function handle(req, res) {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && pathname === '/health') return send(res, 200, { status: 'ok' });

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

server.listen(port, () => console.log(`Orders service listening on port ${port}`));
