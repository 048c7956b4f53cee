import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { newTotpSecret, otpauthUri, qrSvg, totpCode, verifyTotp } from './totp.ts';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890", here in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const VECTORS: [seconds: number, eightDigits: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP', () => {
  it('matches the RFC 6238 SHA-1 test vectors', () => {
    assert.equal(Buffer.from('12345678901234567890').toString('hex'), '3132333435363738393031323334353637383930');
    for (const [seconds, expected] of VECTORS) assert.equal(totpCode(RFC_SECRET, seconds * 1000), expected.slice(-6));
  });

  it('makes 20-byte secrets as unpadded base32 that round-trip through codes', () => {
    const secret = newTotpSecret();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.notEqual(newTotpSecret(), secret);
    assert.equal(verifyTotp(secret, totpCode(secret, 1_700_000_000_000), 1_700_000_000_000, null), 56_666_666);
  });

  it('accepts the previous, current and next step and returns the step matched', () => {
    const at = 1111111111 * 1000; // step 37037037
    assert.equal(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at - 30_000), at, null), 37037036);
    assert.equal(verifyTotp(RFC_SECRET, '050471', at, null), 37037037);
    assert.equal(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at + 30_000), at, null), 37037038);
    assert.equal(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at - 60_000), at, null), null);
    assert.equal(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at + 60_000), at, null), null);
  });

  it('refuses a replayed step and anything at or before the last one used', () => {
    const at = 1111111111 * 1000;
    assert.equal(verifyTotp(RFC_SECRET, '050471', at, 37037037), null);
    assert.equal(verifyTotp(RFC_SECRET, '050471', at, 37037038), null);
    assert.equal(verifyTotp(RFC_SECRET, '050471', at, 37037036), 37037037);
  });

  it('allows spaces but refuses malformed or wrong codes', () => {
    const at = 1111111111 * 1000;
    assert.equal(verifyTotp(RFC_SECRET, ' 050 471 ', at, null), 37037037);
    for (const bad of ['', '05047', '0504711', '05047a', '050-471', '14050471', '050472']) {
      assert.equal(verifyTotp(RFC_SECRET, bad, at, null), null, bad);
    }
  });

  it('builds a percent-encoded otpauth URI', () => {
    assert.equal(
      otpauthUri('JBSWY3DPEHPK3PXP', 'Lerato M', 'Harbour & Co'),
      'otpauth://totp/Harbour%20%26%20Co:Lerato%20M?secret=JBSWY3DPEHPK3PXP&issuer=Harbour%20%26%20Co&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('renders a self-contained SVG QR code', async () => {
    const svg = await qrSvg(otpauthUri(RFC_SECRET, 'lerato', 'Harbour'));
    assert.ok(svg.startsWith('<svg'), svg.slice(0, 40));
    assert.match(svg, /<path /);
    const rest = svg.replace('xmlns="http://www.w3.org/2000/svg"', '');
    assert.doesNotMatch(rest, /https?:|href|url\(|<image|<script/i);
  });
});
