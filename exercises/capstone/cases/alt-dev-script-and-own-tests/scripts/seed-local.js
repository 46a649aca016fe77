// A developer's helper, never run by the app: fills a local store (npm run kv) with a few orders by calling
// curl, which every laptop here has.
import { execFileSync } from 'node:child_process';

const store = process.env.STORE_URL ?? 'http://127.0.0.1:6380';
const document = { version: 2, orders: [{ id: 'seed01', user: 'ada', item: 'croissant', qty: 2, note: 'seeded', createdAt: new Date().toISOString(), status: 'received' }] };
execFileSync('curl', ['-sS', '-X', 'PUT', '--data-binary', JSON.stringify(document), `${store}/bakery`], { stdio: 'inherit' });
if (process.env.NODE_ENV === 'development') console.log('seeded the local store');
