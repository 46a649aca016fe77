// The invoices the service knows about, and the call to the payment provider.
const paymentsUrl = process.env.PAYMENTS_URL ?? 'http://127.0.0.1:4010';

export const invoices = new Map(
  [
    { id: 'INV-1001', customer: 'Northwind Traders', amountCents: 129900, status: 'open' },
    { id: 'INV-1002', customer: 'Blue Yonder Airlines', amountCents: 45000, status: 'paid' },
    { id: 'INV-1003', customer: 'Fourth Coffee', amountCents: 8250, status: 'open' },
  ].map((invoice) => [invoice.id, invoice]),
);

// Asks the payment provider to charge the customer's card on file.
export async function charge(invoice) {
  const res = await fetch(new URL('/charges', paymentsUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reference: invoice.id, amountCents: invoice.amountCents }),
  });
  if (!res.ok) throw new Error(`payment provider answered ${res.status}`);
  return res.json();
}
