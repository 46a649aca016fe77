import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';

// Run stage: the build (dist/) plus this deploy's config (the environment) make the release being run.
const missing = ['CHECKOUT_URL', 'RELEASE_ID'].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`Missing configuration: ${missing.join(', ')}. The deploy tool sets them for each release.`);
  process.exit(1);
}
if (!existsSync('dist/index.html')) {
  console.error('No build found in dist/: run `npm run build` first.');
  process.exit(1);
}
const checkoutUrl = new URL(process.env.CHECKOUT_URL);
const release = process.env.RELEASE_ID;

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
  if (pathname === '/health') return send(res, 200, { status: 'ok', release });
  const buy = pathname.match(/^\/buy\/([\w-]+)$/);
  const product = buy && catalog.products.find((p) => p.sku === buy[1]);
  if (product) {
    const checkout = new URL(checkoutUrl);
    checkout.searchParams.set('sku', product.sku);
    checkout.searchParams.set('amount', product.price.toFixed(2));
    checkout.searchParams.set('currency', catalog.currency);
    res.writeHead(302, { location: checkout.href });
    return res.end();
  }
  send(res, 404, { error: 'not found' });
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`${catalog.shop} (release ${release}) listening on http://localhost:${port}`));
