import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from './helpers/app.ts';

// A person following a broken or stale link gets a page (with the quick exit), not JSON; API
// clients keep the JSON error shape on every path under /api and /hsds.
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('errors on page paths are pages; errors on API paths are JSON', async () => {
  for (const [url, status, kind] of [
    ['/nope', 404, 'page'],
    ['/services/%80', 400, 'page'],
    [`/services/${'x'.repeat(300)}`, 400, 'page'],
    ['/services/not-a-uuid', 404, 'page'],
    ['/api/v1/nope', 404, 'json'],
    ['/hsds/services/%80', 400, 'json'],
    ['/api/v1/search?lat=-Infinity&lng=28', 400, 'json'],
  ] as const) {
    const res = await t.app.inject({ url });
    assert.equal(res.statusCode, status, `${url}: ${res.body.slice(0, 200)}`);
    if (kind === 'page') {
      assert.match(String(res.headers['content-type']), /^text\/html/, url);
      assert.match(res.body, /Quick exit/, url);
      assert.match(res.body, /Back to search/, url);
    } else {
      assert.match(String(res.headers['content-type']), /^application\/json/, url);
      assert.ok(typeof res.json<{ error: { code: string } }>().error.code === 'string', url);
    }
    assert.ok(res.headers['content-security-policy'], `security headers on ${url}`);
  }
});
