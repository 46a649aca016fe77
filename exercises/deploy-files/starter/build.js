// The build: renders the notes page into dist/ (the script inlined, so the page is one request).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const script = readFileSync('ui/app.js', 'utf8');
const page = readFileSync('ui/index.html', 'utf8').replace('<!-- app.js -->', `<script type="module">\n${script}</script>`);

mkdirSync('dist', { recursive: true });
writeFileSync('dist/index.html', page);
console.log(JSON.stringify({ level: 'info', msg: 'built dist/index.html', bytes: page.length }));
