// The data's shape over time. Used by migrate.js only; the web process never migrates.
export const LATEST = 2;

const steps = [
  // version 2: orders taken before it had no status
  { version: 2, up: (doc) => ({ ...doc, orders: doc.orders.map((o) => ({ status: 'received', ...o })) }) },
];

export async function migrateStore(store, log) {
  const doc = await store.get('bakery');
  if (!doc) return log.info('no orders document yet, nothing to migrate');
  const from = doc.version ?? 0;
  const pending = steps.filter((step) => step.version > from);
  if (pending.length === 0) return log.info('nothing to migrate', { version: from });
  let next = doc;
  for (const step of pending) next = { ...step.up(next), version: step.version };
  await store.put('bakery', next);
  log.info('migrated', { from, to: next.version });
}
