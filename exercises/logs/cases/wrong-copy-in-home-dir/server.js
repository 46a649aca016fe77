import http from 'node:http';
import { log } from './logger.js';

const port = Number(process.env.PORT) || 3000;
const paymentsUrl = process.env.PAYMENTS_URL ?? 'http://127.0.0.1:4010';

const invoices = new Map(
  [
    { id: 'INV-1001', customer: 'Northwind Traders', amountCents: 129900, status: 'open' },
    { id: 'INV-1002', customer: 'Blue Yonder Airlines', amountCents: 45000, status: 'paid' },
    { id: 'INV-1003', customer: 'Fourth Coffee', amountCents: 8250, status: 'open' },
  ].map((invoice) => [invoice.id, invoice]),
);

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

// Asks the payment provider to charge the customer's card on file.
async function charge(invoice) {
  const res = await fetch(`${paymentsUrl}/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reference: invoice.id, amountCents: invoice.amountCents }),
  });
  if (!res.ok) throw new Error(`payment provider answered ${res.status}`);
  return res.json();
}

async function pay(res, invoice) {
  if (invoice.status === 'paid') return send(res, 409, { error: `${invoice.id} is already paid` });
  try {
    const receipt = await charge(invoice);
    invoice.status = 'paid';
    send(res, 200, { ...invoice, chargeId: receipt.id });
  } catch (err) {
    log('error', 'payment failed', { invoice: invoice.id, error: err.message });
    send(res, 502, { error: 'the payment provider is unavailable, try again later' });
  }
}

const server = http.createServer(async (req, res) => {
  const started = Date.now();
  res.on('finish', () => {
    log('info', 'request', {
      method: req.method,
      path: req.url,
      status: res.statusCode,
      durationMs: Date.now() - started,
    });
  });

  const { pathname } = new URL(req.url, 'http://localhost');
  const match = pathname.match(/^\/invoices\/([\w-]+)(\/pay)?$/);
  try {
    if (req.method === 'GET' && pathname === '/health') return send(res, 200, { ok: true });
    if (req.method === 'GET' && pathname === '/invoices') return send(res, 200, [...invoices.values()]);
    if (!match) return send(res, 404, { error: 'not found' });

    const invoice = invoices.get(match[1]);
    if (!invoice) return send(res, 404, { error: `no invoice ${match[1]}` });
    if (req.method === 'GET' && !match[2]) return send(res, 200, invoice);
    if (req.method === 'POST' && match[2]) return pay(res, invoice);
    send(res, 405, { error: 'method not allowed' });
  } catch (err) {
    log('error', 'request failed', { method: req.method, path: req.url, error: err.stack });
    send(res, 500, { error: 'internal error' });
  }
});

server.listen(port, () => log('info', 'invoices service listening', { port }));
