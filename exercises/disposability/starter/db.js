// Stand-in for the orders database: opening a connection takes a while (TLS, auth),
// and every query takes a short round trip.
import { setTimeout as sleep } from 'node:timers/promises';

const customers = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Edsger Dijkstra'];
const orders = Array.from({ length: 240 }, (_, i) => ({
  id: 1001 + i,
  customer: customers[i % customers.length],
  total: ((i * 37) % 500) + 9.99,
}));

export async function connect() {
  await sleep(250);
  return {
    // One page of orders, oldest first; an empty page means there are no more.
    async orders(page, size) {
      await sleep(30);
      return orders.slice(page * size, (page + 1) * size);
    },
    async order(id) {
      await sleep(5);
      return orders.find((o) => o.id === id);
    },
  };
}
