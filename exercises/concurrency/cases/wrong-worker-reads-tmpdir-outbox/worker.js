import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendInvoiceEmail } from './mailer.js';

// The queue only signals that there is work; the invoices themselves are read from the outbox folder.
const QUEUE_URL = process.env.QUEUE_URL;
const OUTBOX = join(tmpdir(), 'tallybook-outbox');
mkdirSync(OUTBOX, { recursive: true });

for (;;) {
  const res = await fetch(`${QUEUE_URL}/jobs/take`, { method: 'POST' }).catch(() => null);
  if (res?.status === 200) {
    await res.json();
    for (const name of readdirSync(OUTBOX)) {
      const file = join(OUTBOX, name);
      if (!existsSync(file)) continue; // another worker got it
      const invoice = JSON.parse(readFileSync(file, 'utf8'));
      await sendInvoiceEmail(invoice);
      if (existsSync(file)) unlinkSync(file);
      console.log(`emailed invoice ${invoice.number}`);
    }
  } else {
    await sleep(250);
  }
}
