// One-off admin process: `node migrate.js` brings the orders document in the store to the
// latest version, then exits. Safe to run again: an up-to-date document is left alone.
import { connectStore } from './kv.js';
import { migrateDocument } from './migration.js';

function log(msg, fields = {}) {
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg, ...fields }));
}

if (!process.env.STORE_URL) {
  console.error(JSON.stringify({ time: new Date().toISOString(), level: 'fatal', msg: 'STORE_URL is not set' }));
  process.exit(1);
}
const store = connectStore(process.env.STORE_URL);

const doc = await store.get('bakery');
const migrated = doc && migrateDocument(doc);
if (!migrated) {
  log('nothing to migrate', { version: doc?.version ?? null });
} else {
  await store.put('bakery', migrated);
  log('migrated the orders document', { from: doc.version ?? 0, to: migrated.version });
}
