// Builds the storefront into dist/: renders the catalogue into a static page.
// The build knows nothing about any deploy: checkout address and release id are read by server.js at start.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const catalog = JSON.parse(readFileSync('src/catalog.json', 'utf8'));
const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const items = catalog.products
  .map((p) => `    <li><a href="/buy/${p.sku}">${escape(p.name)}</a>: ${p.price.toFixed(2)} ${catalog.currency}</li>`)
  .join('\n');
const page = readFileSync('src/page.html', 'utf8').replaceAll('{{shop}}', escape(catalog.shop)).replace('{{products}}', items);

mkdirSync('dist', { recursive: true });
writeFileSync('dist/index.html', page);
writeFileSync('dist/catalog.json', JSON.stringify(catalog));
console.log('built dist/');
