import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Sealing free text at rest: AES-256-GCM with a random 96-bit nonce per value. A sealed value is
 * `v1.` + base64url(nonce ‖ tag ‖ ciphertext), so a later key or algorithm can use `v2.`.
 */

const VERSION = 'v1.';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

export function sealText(key: Buffer, text: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
}

/** Opens a sealed value; throws SealError if it was changed or sealed with another key. */
export function openText(key: Buffer, sealed: string): string {
  if (!sealed.startsWith(VERSION)) throw new SealError('not a sealed value this version can open');
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64url');
  if (raw.length < NONCE_BYTES + TAG_BYTES) throw new SealError('sealed value is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SealError('sealed value was changed, or sealed with another key');
  }
}

/** A keyed hash (for values that must be matched but never stored, such as a client's IP). */
export function keyedHash(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\0${value}`).digest('base64url');
}

/**
 * The data key from its file, created (random, readable by this user only) when missing. Losing
 * the file makes sealed values unreadable: back it up apart from the database.
 */
export function loadOrCreateKey(path: string): Buffer {
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
    if (key.length !== KEY_BYTES) throw new SealError(`${path} does not hold a ${KEY_BYTES}-byte key (base64url)`);
    return key;
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(KEY_BYTES);
  try {
    writeFileSync(path, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKey(path);
    throw error;
  }
  chmodSync(path, 0o600);
  return key;
}
