// Sends one invoice email through the mail service at MAILER_URL.
export async function sendInvoiceEmail(invoice) {
  const res = await fetch(`${process.env.MAILER_URL}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      to: invoice.email,
      subject: `Invoice ${invoice.number} from Tallybook`,
      text: `Hello,\n\nplease find invoice ${invoice.number} over ${invoice.amount.toFixed(2)} EUR.\nIt is due within 30 days.\n`,
    }),
  });
  if (!res.ok) throw new Error(`mail service answered ${res.status}`);
}
