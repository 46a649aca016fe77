// Every change to the shape of the orders document, oldest first. Each step takes the document
// at the previous version and returns it at its own version.
export const migrations = [
  {
    version: 2,
    name: 'orders get a status',
    up: (doc) => ({ ...doc, orders: doc.orders.map((order) => ({ ...order, status: order.status ?? 'received' })) }),
  },
];

export const latestVersion = migrations.at(-1).version;

// Returns the document at the latest version and the steps applied (none when it is current).
export function upgrade(doc) {
  const from = doc.version ?? 0;
  const steps = migrations.filter((step) => step.version > from);
  const result = steps.reduce((current, step) => ({ ...step.up(current), version: step.version }), doc);
  return { result, steps };
}
