// How the orders document has changed shape. Pure functions, shared by migrate.js.
export const LATEST_VERSION = 2;

// Orders taken before version 2 had no status.
export function migrateDocument(doc) {
  if ((doc.version ?? 0) >= LATEST_VERSION) return null; // nothing to do
  return {
    ...doc,
    version: LATEST_VERSION,
    orders: doc.orders.map((order) => ({ ...order, status: order.status ?? 'received' })),
  };
}
