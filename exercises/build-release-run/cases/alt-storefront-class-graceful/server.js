import http from 'node:http';
import { readFile } from 'node:fs/promises';

// The storefront is a build (page + catalogue) plus one release's config; both are handed in.
class Storefront {
  constructor({ page, catalog }, { checkoutUrl, release }) {
    this.page = page;
    this.catalog = catalog;
    this.checkoutUrl = checkoutUrl;
    this.release = release;
  }

  checkoutFor(product) {
    const url = new URL(this.checkoutUrl);
    url.searchParams.set('sku', product.sku);
    url.searchParams.set('amount', product.price.toFixed(2));
    url.searchParams.set('currency', this.catalog.currency);
    return url.href;
  }

  handle(req, res) {
    const json = (status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const { pathname } = new URL(req.url, 'http://storefront.local');
    if (req.method !== 'GET') return json(405, { error: 'method not allowed' });
    if (pathname === '/') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(this.page);
    if (pathname === '/health') return json(200, { status: 'ok', release: this.release });
    const sku = /^\/buy\/([\w-]+)$/.exec(pathname)?.[1];
    const product = sku && this.catalog.products.find((p) => p.sku === sku);
    if (product) return res.writeHead(302, { location: this.checkoutFor(product) }).end();
    json(404, { error: 'not found' });
  }
}

const { CHECKOUT_URL, RELEASE_ID, PORT = '3000' } = process.env;
if (!CHECKOUT_URL || !RELEASE_ID) {
  console.error('Start a release with CHECKOUT_URL and RELEASE_ID set; the build in dist/ holds neither.');
  process.exit(1);
}

const build = {
  page: await readFile('dist/index.html'),
  catalog: JSON.parse(await readFile('dist/catalog.json', 'utf8')),
};
const shop = new Storefront(build, { checkoutUrl: CHECKOUT_URL, release: RELEASE_ID });
const server = http.createServer((req, res) => shop.handle(req, res));
server.listen(Number(PORT), () => console.log(JSON.stringify({ msg: 'listening', release: RELEASE_ID, port: Number(PORT) })));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
