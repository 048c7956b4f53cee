import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';

import { hashSecret, isArgon2id, verifySecret } from './password.ts';

// Unknown account vs wrong password timing is measured end to end, with retries for a loaded
// machine, in test/sign-in-timing.test.ts.

describe('password hashing', () => {
  it('makes argon2id PHC strings with exactly m=19456, t=2, p=1 and a fresh salt', async () => {
    const [a, b] = await Promise.all([hashSecret('correct horse'), hashSecret('correct horse')]);
    assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.ok(isArgon2id(a));
    assert.notEqual(a, b);
  });

  it('verifies the right secret and refuses a wrong one', async () => {
    const stored = await hashSecret('correct horse');
    assert.equal(await verifySecret(stored, 'correct horse'), true);
    assert.equal(await verifySecret(stored, 'correct horsf'), false);
    assert.equal(await verifySecret(stored, ''), false);
  });

  it('returns false for unknown accounts and malformed hashes without throwing', async () => {
    assert.equal(await verifySecret(null, 'anything'), false);
    assert.equal(await verifySecret('garbage', 'anything'), false);
    assert.equal(await verifySecret('$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA', 'anything'), false);
  });

  it('recognises only the current parameters', () => {
    assert.equal(isArgon2id('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'), true);
    assert.equal(isArgon2id('$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA'), false);
    assert.equal(isArgon2id('$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'), false);
  });

  it('does not block the event loop while hashing', async () => {
    let last = performance.now();
    let maxGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 5);
    try {
      await Promise.all([1, 2, 3, 4].map((n) => hashSecret(`secret ${n}`)));
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks >= 2, `only ${ticks} ticks`);
    assert.ok(maxGap < 50, `event loop stalled for ${maxGap.toFixed(1)} ms`);
  });
});
