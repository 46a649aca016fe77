// The learner's own test; supertest is a declared devDependency, not something the app needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';

test('GET /health answers 200', async () => {
  const res = await request(process.env.APP_URL ?? 'http://127.0.0.1:3000').get('/health');
  assert.equal(res.status, 200);
});
