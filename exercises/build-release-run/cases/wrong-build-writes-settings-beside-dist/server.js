import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';

// The build (dist/) is the same for every deploy; this release's config comes from the environment.
function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set: the deploy tool passes it to each release (e.g. ${name}=… node server.js)`);
    process.exit(1);
  }
  return value;
}

const saved = existsSync('build-settings.json') ? JSON.parse(readFileSync('build-settings.json', 'utf8')) : {};
const settings = {
  checkoutUrl: process.env.CHECKOUT_URL || saved.checkoutUrl || required('CHECKOUT_URL'),
  release: process.env.RELEASE_ID || saved.release || required('RELEASE_ID'),
};

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
  if (pathname === '/health') return send(res, 200, { status: 'ok', release: settings.release });
  const buy = pathname.match(/^\/buy\/([\w-]+)$/);
  const product = buy && catalog.products.find((p) => p.sku === buy[1]);
  if (product) {
    const checkout = new URL(settings.checkoutUrl);
    checkout.searchParams.set('sku', product.sku);
    checkout.searchParams.set('amount', product.price.toFixed(2));
    checkout.searchParams.set('currency', catalog.currency);
    res.writeHead(302, { location: checkout.href });
    return res.end();
  }
  send(res, 404, { error: 'not found' });
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`${catalog.shop} (release ${settings.release}) listening on http://localhost:${port}`));
