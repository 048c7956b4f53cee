import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { toString as renderQr } from 'qrcode';

/**
 * Time-based one-time passwords (RFC 6238) as every authenticator app expects them: HMAC-SHA-1,
 * 6 digits, 30-second steps, secrets in RFC 4648 base32.
 */

const STEP_MS = 30_000;
const DIGITS = 6;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function toBase32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    for (; bits >= 5; bits -= 5) out += BASE32[(value >>> (bits - 5)) & 31];
  }
  return bits > 0 ? out + BASE32[(value << (5 - bits)) & 31] : out;
}

function fromBase32(text: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.toUpperCase().replace(/[\s=]/g, '')) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new RangeError('TOTP secret is not base32');
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 4226 HOTP: HMAC over the 8-byte big-endian counter, then dynamic truncation. */
function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0');
}

/** A new shared secret: 20 random bytes (the HMAC-SHA-1 block's worth) as unpadded base32. */
export function newTotpSecret(): string {
  return toBase32(randomBytes(20));
}

/** The code for the 30-second step containing `atMs` (milliseconds since the epoch). */
export function totpCode(secret: string, atMs: number): string {
  return hotp(fromBase32(secret), Math.floor(atMs / STEP_MS));
}

/**
 * Checks a code typed by a person (spaces allowed) against the steps just before, at and after
 * `atMs`. Returns the matched step, to be stored as the new `lastStep`; null when the code is
 * malformed, wrong, or for a step at or before `lastStep` (a replay).
 */
export function verifyTotp(secret: string, code: string, atMs: number, lastStep: number | null): number | null {
  const typed = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(typed)) return null;
  const key = fromBase32(secret);
  const now = Math.floor(atMs / STEP_MS);
  let matched: number | null = null;
  // Every step in the window is computed and compared in constant time, and the latest match wins,
  // so neither timing nor a chance double match narrows the replay guard.
  for (const step of [now - 1, now, now + 1]) {
    const ok = timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(typed));
    if (ok && (lastStep === null || step > lastStep)) matched = step;
  }
  return matched;
}

/** The Key Uri Format link an authenticator app reads from the QR code. */
export function otpauthUri(secret: string, account: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = `secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${DIGITS}&period=${STEP_MS / 1000}`;
  return `otpauth://totp/${label}?${query}`;
}

/** An inline SVG QR code of `text`, made locally (no network, no external references). */
export function qrSvg(text: string): Promise<string> {
  return renderQr(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
