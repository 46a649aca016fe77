// One-off admin process: node migrate.js brings the orders data to version 2.
import fs from 'node:fs';

const DB_FILE = './data/bakery.json';

let db;
try {
  db = JSON.parse(fs.readFileSync(DB_FILE, 'utf8'));
} catch {
  db = { version: 0, orders: [] };
}

// Orders taken before version 2 had no status.
if (db.version < 2) {
  for (const order of db.orders) order.status ??= 'received';
  db.version = 2;
  fs.mkdirSync('./data', { recursive: true });
  fs.writeFileSync(DB_FILE, JSON.stringify(db, null, 2));
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'data migrated to version 2' }));
} else {
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'nothing to migrate' }));
}
