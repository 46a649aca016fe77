// What the shop sells. Prices in EUR.
export const catalogue = {
  'tea-sencha': { name: 'Sencha green tea, 100 g', price: 8.5 },
  'tea-assam': { name: 'Assam breakfast tea, 250 g', price: 11 },
  'mug-stoneware': { name: 'Stoneware mug', price: 14 },
  'kettle-gooseneck': { name: 'Gooseneck kettle', price: 49 },
};

// Turn a cart ({ sku: qty }) into what the API returns.
export function cartView(user, cart) {
  const items = Object.entries(cart).map(([sku, qty]) => ({
    sku,
    name: catalogue[sku].name,
    qty,
    price: catalogue[sku].price,
  }));
  const total = items.reduce((sum, item) => sum + item.qty * item.price, 0);
  return { user, items, total: Math.round(total * 100) / 100 };
}
