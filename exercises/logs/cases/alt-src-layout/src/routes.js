import { log } from './log.js';
import { invoices, charge } from './invoices.js';

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function pay(res, invoice) {
  if (invoice.status === 'paid') return send(res, 409, { error: `${invoice.id} is already paid` });
  try {
    const receipt = await charge(invoice);
    invoice.status = 'paid';
    send(res, 200, { ...invoice, chargeId: receipt.id });
  } catch (err) {
    log.error('payment failed', { invoice: invoice.id, error: err.message });
    send(res, 502, { error: 'the payment provider is unavailable, try again later' });
  }
}

export async function route(req, res) {
  const { pathname } = new URL(req.url, 'http://localhost');
  const match = pathname.match(/^\/invoices\/([\w-]+)(\/pay)?$/);
  if (req.method === 'GET' && pathname === '/health') return send(res, 200, { ok: true });
  if (req.method === 'GET' && pathname === '/invoices') return send(res, 200, [...invoices.values()]);
  if (!match) return send(res, 404, { error: 'not found' });

  const invoice = invoices.get(match[1]);
  if (!invoice) return send(res, 404, { error: `no invoice ${match[1]}` });
  if (req.method === 'GET' && !match[2]) return send(res, 200, invoice);
  if (req.method === 'POST' && match[2]) return pay(res, invoice);
  send(res, 405, { error: 'method not allowed' });
}
