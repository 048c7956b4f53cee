// The PIN lock's key handling, in Node's WebCrypto (the IndexedDB half is tested in Chromium).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encryptJson, MIN_ITERATIONS, passwordKey, PBKDF2_ITERATIONS, toBase64, Vault, type SealedRecord } from './vault.ts';

/** A record sealed with `secret` at `iterations`, as `Vault.save` writes it. */
async function sealed(secret: string, iterations: number, value: unknown): Promise<SealedRecord> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const [iv, data] = await encryptJson(await passwordKey(secret, salt, iterations), value);
  return { v: 1, salt: toBase64(salt), iterations, iv: toBase64(iv), data: toBase64(data) };
}

describe('Vault.unlock', () => {
  it('opens a record sealed at Harbour’s iteration count with the right PIN, and not with a wrong one', async () => {
    const record = await sealed('246810', PBKDF2_ITERATIONS, { goals: ['Carry naloxone'] });
    assert.deepEqual((await Vault.unlock('246810', record))?.value, { goals: ['Carry naloxone'] });
    assert.equal(await Vault.unlock('246811', record), null);
  });

  it('refuses a record that asks for fewer iterations, even with the right PIN, or a count that is not sane', async () => {
    const cheap = await sealed('246810', 1000, { goals: [] });
    assert.equal(await Vault.unlock('246810', cheap), null);
    assert.ok(MIN_ITERATIONS >= 600_000, 'issue 5: at least 600 000');
    for (const iterations of [MIN_ITERATIONS - 1, 10 * PBKDF2_ITERATIONS + 1, 1e12, Number.NaN, 600_000.5])
      assert.equal(await Vault.unlock('246810', { ...cheap, iterations }), null, String(iterations));
  });
});
