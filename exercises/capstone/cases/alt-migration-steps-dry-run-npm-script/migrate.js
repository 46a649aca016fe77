// node migrate.js [--dry-run]   (or: npm run migrate)
// One-off admin process: upgrades the orders document in the store, then exits.
// Running it again finds the document current and writes nothing.
import { parseArgs } from 'node:util';
import { connectStore } from './kv.js';
import { upgrade } from './migrations.js';

const { values: flags } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
const say = (msg, fields = {}) => console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg, ...fields }));

const storeUrl = process.env.STORE_URL;
if (!storeUrl) {
  console.error('migrate: STORE_URL is not set');
  process.exit(1);
}

const store = connectStore(storeUrl);
const doc = await store.get('bakery');
if (doc === undefined) {
  say('no orders document in the store yet, nothing to migrate');
} else {
  const { result, steps } = upgrade(doc);
  if (steps.length === 0) say('orders document is current', { version: doc.version });
  for (const step of steps) say(flags['dry-run'] ? 'would apply' : 'applying', { version: step.version, name: step.name });
  if (steps.length > 0 && !flags['dry-run']) await store.put('bakery', result);
}
