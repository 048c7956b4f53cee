/**
 * The optional backup to her Harbour account, encrypted on the phone before it leaves. The key comes
 * from a random recovery key she writes down (HKDF: it already has 160 random bits), or from a
 * passphrase of at least 4 words (PBKDF2, 600 000 iterations). The server gets one opaque
 * base64url blob: version, how the key was made, salt, IV, AES-256-GCM ciphertext.
 */
import { decryptJson, encryptJson, fromBase64, passwordKey, toBase64, type Bytes } from './vault.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECOVERY_BYTES = 20;
const VERSION = 1;
const KDF_RECOVERY = 1;
const KDF_PASSPHRASE = 2;
const URL = '/api/v1/member/backup';

/** 20 random bytes as 32 Crockford base32 characters in groups of four: `7K2M-…`. */
export function newRecoveryKey(): string {
  return encodeCrockford(crypto.getRandomValues(new Uint8Array(RECOVERY_BYTES)))
    .match(/.{4}/g)!
    .join('-');
}

function encodeCrockford(bytes: Bytes): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/**
 * The recovery key's bytes, forgiving case, spaces, dashes and the letters people mix up (O→0,
 * I/L→1). Only text shaped like a key counts: one run of 32 characters or eight groups of four, so
 * a passphrase is never mistaken for one.
 */
export function parseRecoveryKey(text: string): Bytes | null {
  const groups = text.trim().split(/[\s-]+/);
  if (!(groups.length === 1 && groups[0]!.length === 32) && !(groups.length === 8 && groups.every((g) => g.length === 4)))
    return null;
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (clean.length !== 32 || [...clean].some((c) => !CROCKFORD.includes(c))) return null;
  const out = new Uint8Array(RECOVERY_BYTES);
  let bits = 0;
  let value = 0;
  let i = 0;
  for (const c of clean) {
    value = ((value << 5) | CROCKFORD.indexOf(c)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[i++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}

/** A passphrase the way the phone keeps it: NFKC, single spaces. */
function normalPassphrase(text: string): string {
  return text.normalize('NFKC').trim().split(/\s+/).join(' ');
}

/** At least 4 words of 3 letters or more, 20 characters in all: the server holds the blob, so guessing must be slow and long. */
export function isWordPassphrase(text: string): boolean {
  const words = normalPassphrase(text).split(' ');
  return words.length >= 4 && words.every((w) => [...w].length >= 3) && [...words.join('')].length >= 20;
}

async function recoveryKey(bytes: Bytes, salt: Bytes): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', bytes, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: new TextEncoder().encode('harbour self-check backup v1') },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The key for a recovery key or a 4-word passphrase; null when the text is neither. */
async function backupKey(secret: string, kdf: number, salt: Bytes): Promise<CryptoKey | null> {
  if (kdf === KDF_RECOVERY) {
    const bytes = parseRecoveryKey(secret);
    return bytes ? recoveryKey(bytes, salt) : null;
  }
  return isWordPassphrase(secret) ? passwordKey(normalPassphrase(secret), salt) : null;
}

const toBase64Url = (bytes: Bytes): string => toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string): Bytes => fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'));

/** Encrypts `value`; throws `bad_secret` when the secret is neither a recovery key nor 4 words. */
export async function sealBackup(value: unknown, secret: string): Promise<string> {
  const kdf = parseRecoveryKey(secret) ? KDF_RECOVERY : KDF_PASSPHRASE;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await backupKey(secret, kdf, salt);
  if (!key) throw new Error('bad_secret');
  const [iv, data] = await encryptJson(key, value);
  const out = new Uint8Array(2 + salt.length + iv.length + data.length);
  out.set([VERSION, kdf], 0);
  out.set(salt, 2);
  out.set(iv, 18);
  out.set(data, 30);
  return toBase64Url(out);
}

/** Decrypts a blob; null when the secret does not open it. */
export async function openBackup(blob: string, secret: string): Promise<unknown> {
  const bytes = fromBase64Url(blob);
  if (bytes[0] !== VERSION) return null;
  const key = await backupKey(secret, bytes[1]!, bytes.slice(2, 18));
  if (!key) return null;
  try {
    return await decryptJson(key, bytes.slice(18, 30), bytes.slice(30));
  } catch {
    return null;
  }
}

/** What the server said, for the page: `signed_out`, `none` (no backup), or its own message. */
export class BackupError extends Error {
  constructor(
    readonly code: 'signed_out' | 'none' | 'offline' | 'refused',
    message: string = code,
  ) {
    super(message);
  }
}

async function call(method: 'GET' | 'PUT' | 'DELETE', body?: string): Promise<Response> {
  let response: Response;
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') {
      const token = (await (await fetch('/api/v1/csrf', { credentials: 'same-origin' })).json()) as { csrf_token: string };
      headers['x-csrf-token'] = token.csrf_token;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    response = await fetch(URL, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new BackupError('offline');
  }
  if (response.status === 401) throw new BackupError('signed_out');
  if (response.status === 404 && method === 'GET') throw new BackupError('none');
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new BackupError('refused', problem.error?.message ?? `HTTP ${response.status}`);
  }
  return response;
}

export async function putBackup(blob: string): Promise<void> {
  await call('PUT', JSON.stringify({ blob }));
}

export async function getBackup(): Promise<{ blob: string; updated_at: string }> {
  return (await (await call('GET')).json()) as { blob: string; updated_at: string };
}

export async function deleteBackup(): Promise<void> {
  await call('DELETE');
}
