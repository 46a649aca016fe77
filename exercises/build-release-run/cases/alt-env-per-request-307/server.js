import http from 'node:http';
import { readFileSync } from 'node:fs';

// Deploy settings live in this process's environment, never in dist/.
const release = () => process.env.RELEASE_ID || 'local';

const page = readFileSync('dist/index.html');
const catalog = JSON.parse(readFileSync('dist/catalog.json', 'utf8'));

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' });
  if (pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(page);
  }
  if (pathname === '/health') return send(res, 200, { status: 'ok', release: release() });
  const buy = pathname.match(/^\/buy\/([\w-]+)$/);
  const product = buy && catalog.products.find((p) => p.sku === buy[1]);
  if (product) {
    if (!process.env.CHECKOUT_URL) return send(res, 503, { error: 'checkout is not configured (CHECKOUT_URL)' });
    const checkout = new URL(process.env.CHECKOUT_URL);
    const query = new URLSearchParams({ sku: product.sku, amount: product.price.toFixed(2), currency: catalog.currency });
    for (const [name, value] of query) checkout.searchParams.set(name, value);
    res.writeHead(307, { location: checkout.href });
    return res.end();
  }
  send(res, 404, { error: 'not found' });
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`${catalog.shop} (release ${release()}) listening on http://localhost:${port}`));
