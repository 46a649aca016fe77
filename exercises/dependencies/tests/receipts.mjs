// Receipts for one grade: fresh values, and bodies written the ways clients write JSON (pretty-printed with a
// trailing newline, spaced by hand, with escaped characters and a total like 12.40), so an id computed from
// the receipt re-serialised instead of from the uploaded body is seen.
import { randomInt } from 'node:crypto';

const MERCHANTS = ['Café Lumen', 'Rail Nord', 'Bäckerei Sonne', 'Hotel Miramar', 'Taxi Étoile', 'Papeterie Lys', 'Øresund Ferries'];
const NOTES = ['team breakfast', 'train to the client', 'printer paper', 'conference hotel', 'airport taxi'];
const pick = (list) => list[randomInt(list.length)];

function fresh() {
  const cents = randomInt(150, 50000);
  return { merchant: `${pick(MERCHANTS)} ${randomInt(2, 99)}`, total: cents / 100, cents, currency: pick(['EUR', 'CHF', 'DKK']), note: pick(NOTES) };
}

/** JSON.stringify's own escapes undone the other way: every non-ASCII character as \\uXXXX. */
const escapeAll = (text) => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

// Each writes { merchant, total, currency, note } as a body that JSON.stringify(JSON.parse(body)) changes.
const STYLES = [
  (r) => `${JSON.stringify({ merchant: r.merchant, total: r.total, currency: r.currency, note: r.note }, null, 2)}\n`,
  (r) => `{ "merchant": "${escapeAll(r.merchant)}", "total": ${(r.cents / 100).toFixed(2)}, "currency": "${r.currency}", "note": "${r.note}" }`,
  (r) => `{"note":"${r.note}",\n "currency":"${r.currency}",\n "total":${(r.cents / 100).toFixed(2)}0,\n "merchant":"${r.merchant}"}\r\n`,
];

/** `count` receipts: { merchant, body } each, every body in another style. */
export function freshReceipts(count) {
  const start = randomInt(STYLES.length);
  return Array.from({ length: count }, (_, i) => {
    const receipt = fresh();
    return { merchant: receipt.merchant, body: STYLES[(start + i) % STYLES.length](receipt) };
  });
}
