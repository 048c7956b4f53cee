import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { KeyError } from './errors.ts';

/** Bytes of every key here: the master key, data keys and the subkeys derived from them. */
export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** HKDF-SHA-256 (RFC 5869): a 32-byte key for the one use `info` names. */
export function deriveKey(ikm: Buffer, info: string): Buffer {
  // No salt: every input key is uniformly random already (RFC 5869 §3.1).
  return Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), info, KEY_BYTES));
}

/** AES-256-GCM under a random 96-bit nonce: base64url(nonce ‖ tag ‖ ciphertext). */
export function sealBytes(key: Buffer, plaintext: Buffer, aad: Buffer): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
}

/** Opens sealBytes' output; null when it was changed or sealed under another key or associated data. */
export function openBytes(key: Buffer, sealed: string, aad: Buffer): Buffer | null {
  // Node's decoder skips characters outside the alphabet, so check them first.
  if (!BASE64URL.test(sealed)) return null;
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < NONCE_BYTES + TAG_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES)).setAAD(aad);
  decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

/** HMAC-SHA-256, base64url. */
export function macOf(key: Buffer, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('base64url');
}

// The master key itself never meets AES: wrapping uses a subkey, so `secret()` purposes stay apart.
const wrapKeyOf = (master: Buffer): Buffer => deriveKey(master, 'harbour/data-key-wrap');
const wrapAad = (version: number): Buffer => Buffer.from(`harbour/data_key/${version}`);

/** A data key wrapped under the master key, bound to its version. */
export function wrapDataKey(master: Buffer, version: number, dataKey: Buffer): string {
  return sealBytes(wrapKeyOf(master), dataKey, wrapAad(version));
}

/** The data key of a `data_key` row; throws when this master key did not wrap it. */
export function unwrapDataKey(master: Buffer, version: number, wrapped: string): Buffer {
  const key = openBytes(wrapKeyOf(master), wrapped, wrapAad(version));
  if (key?.length !== KEY_BYTES) {
    throw new KeyError(
      'unwrap_failed',
      `data key version ${version} does not open with this master key: is HARBOUR_MASTER_KEY (or the key file) the one this database was set up with?`,
    );
  }
  return key;
}
