import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  formatInviteCode,
  newInviteCode,
  newRecoveryCodes,
  newToken,
  normaliseInviteCode,
  normaliseRecoveryCode,
  sha256,
} from './codes.ts';

const CROCKFORD_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;

describe('invite and recovery codes', () => {
  it('makes 10 valid Crockford characters, all distinct over 1 000 codes, using the whole alphabet', () => {
    const codes = Array.from({ length: 1000 }, newInviteCode);
    for (const code of codes) assert.match(code, CROCKFORD_CODE);
    assert.equal(new Set(codes).size, 1000);
    assert.equal(new Set(codes.join('')).size, 32);
  });

  it('normalises case, separators and the letters Crockford reads as digits', () => {
    assert.equal(normaliseInviteCode('abcde-fghjk'), 'ABCDEFGHJK');
    assert.equal(normaliseInviteCode(' abcde fghjk '), 'ABCDEFGHJK');
    assert.equal(normaliseInviteCode('IiLlO-o2345'), '1111002345');
    assert.equal(normaliseRecoveryCode('iloveyou12'), null); // U is not Crockford
    assert.equal(normaliseRecoveryCode('ab-cd-ef-gh-jk'), 'ABCDEFGHJK');
  });

  it('refuses codes of the wrong length or with other characters', () => {
    for (const bad of ['', 'ABCDE-FGHJ', 'ABCDE-FGHJKM', 'ABCDE_FGHJK', 'ABCDÉ-FGHJK', 'ABCDE-FGHJ!']) {
      assert.equal(normaliseInviteCode(bad), null, bad);
    }
  });

  it('formats for printing and round-trips', () => {
    const code = newInviteCode();
    const printed = formatInviteCode(code);
    assert.match(printed, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    assert.equal(normaliseInviteCode(printed.toLowerCase()), code);
  });

  it('makes ten distinct formatted recovery codes', () => {
    const codes = newRecoveryCodes();
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) assert.match(normaliseRecoveryCode(code) ?? '', CROCKFORD_CODE);
    for (const code of codes) assert.match(code, /^.{5}-.{5}$/);
  });
});

describe('tokens', () => {
  it('makes 32-byte base64url tokens', () => {
    const token = newToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.notEqual(newToken(), token);
  });

  it('hashes with SHA-256 into base64url', () => {
    // SHA-256("abc") from FIPS 180-2, ba7816bf…f20015ad.
    assert.equal(
      sha256('abc'),
      Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex').toString('base64url'),
    );
    assert.notEqual(sha256('abc'), sha256('abd'));
  });
});
