// The in-memory store is a test double here, chosen by the test on purpose, never by the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore } from '../store.js';

test('memoryStore gives back what was put', async () => {
  const store = memoryStore();
  await store.put('poll:x', { votes: { a: 1 } });
  assert.deepEqual(await store.get('poll:x'), { votes: { a: 1 } });
  assert.equal(await store.get('poll:missing'), undefined);
});
