// Builds the storefront into dist/: renders the catalogue into a static page and writes the shop's settings.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const catalog = JSON.parse(readFileSync('src/catalog.json', 'utf8'));
const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const items = catalog.products
  .map((p) => `    <li><a href="/buy/${p.sku}">${escape(p.name)}</a>: ${p.price.toFixed(2)} ${catalog.currency}</li>`)
  .join('\n');
const page = readFileSync('src/page.html', 'utf8').replaceAll('{{shop}}', escape(catalog.shop)).replace('{{products}}', items);

const settings = {
  checkoutUrl: process.env.CHECKOUT_URL ?? 'https://pay.kettleandleaf.example/checkout',

};

mkdirSync('dist', { recursive: true });
writeFileSync('dist/index.html', page);
writeFileSync('dist/catalog.json', JSON.stringify(catalog));
writeFileSync('dist/settings.json', JSON.stringify(settings, null, 2));
console.log(`built dist/ (release ${settings.release}, checkout at ${settings.checkoutUrl})`);
