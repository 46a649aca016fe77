// The team's own tests: start the service on a spare port and talk to it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

const port = 40000 + Math.floor(Math.random() * 10000);

test('a receipt is stored under the SHA-256 of its body', async (t) => {
  const server = spawn(process.execPath, ['server.js'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  t.after(() => server.kill());
  await new Promise((resolve) => setTimeout(resolve, 300));
  const body = '{"merchant":"Café Lumen","total":12.4}';
  const res = await fetch(`http://127.0.0.1:${port}/receipts`, { method: 'POST', body });
  const receipt = await res.json();
  assert.equal(receipt.id, createHash('sha256').update(body).digest('hex'));
});
