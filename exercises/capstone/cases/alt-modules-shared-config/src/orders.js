// The orders document, kept in the key-value store under "bakery" and read fresh every time.
import { randomBytes } from 'node:crypto';

export const MENU = {
  croissant: { name: 'Butter croissant', priceCents: 260 },
  'pain-au-chocolat': { name: 'Pain au chocolat', priceCents: 290 },
  'cinnamon-bun': { name: 'Cinnamon bun', priceCents: 340 },
  sourdough: { name: 'Sourdough loaf', priceCents: 650 },
};

export class Orders {
  constructor(store) {
    this.store = store;
  }

  async #doc() {
    return (await this.store.get('bakery')) ?? { version: 2, orders: [] };
  }

  async all() {
    return (await this.#doc()).orders;
  }

  async of(user) {
    return (await this.all()).filter((order) => order.user === user);
  }

  async add(user, { item, qty, note }) {
    const order = {
      id: randomBytes(6).toString('hex'),
      user,
      item,
      qty,
      note: String(note),
      status: 'received',
      createdAt: new Date().toISOString(),
    };
    const doc = await this.#doc();
    doc.orders.push(order);
    await this.store.put('bakery', doc);
    return order;
  }
}
