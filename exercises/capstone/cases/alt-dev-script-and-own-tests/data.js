// The orders document lives in the key-value store under one key.
export const DATA_KEY = 'bakery';
export const LATEST_VERSION = 2;

export const emptyData = () => ({ version: LATEST_VERSION, orders: [] });

// Brings a document of any older version to LATEST_VERSION; returns undefined when there is nothing to do.
export function migrated(data) {
  if (data && data.version >= LATEST_VERSION) return undefined;
  const next = data ? structuredClone(data) : emptyData();
  next.orders ??= [];
  // Orders taken before version 2 had no status.
  for (const order of next.orders) order.status ??= 'received';
  next.version = LATEST_VERSION;
  return next;
}
