import { createHash, randomBytes } from 'node:crypto';

/**
 * Codes people read and type (invites, recovery codes) in Crockford base32, which has no I, L, O
 * or U, and secrets only machines see (session tokens, set-up links), stored as SHA-256 digests.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 10;
const RECOVERY_CODE_COUNT = 10;

/** Ten Crockford characters, 50 bits: the low 5 bits of each random byte (256 = 8 × 32, no bias). */
function newCode(): string {
  return Array.from(randomBytes(CODE_LENGTH), (byte) => CROCKFORD[byte & 31]).join('');
}

function normaliseCode(input: string): string | null {
  // Crockford decoding: case-insensitive, I and L read as 1, O as 0; separators are ignored.
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return /^[0-9A-HJKMNP-TV-Z]{10}$/.test(code) ? code : null;
}

/** The keyed-hash purpose invite codes are stored under (only the HMAC is kept). */
export const INVITE_HMAC_PURPOSE = 'invite';

/** A new invite code: 10 Crockford characters (50 random bits), unformatted. */
export function newInviteCode(): string {
  return newCode();
}

/** The canonical form of a typed invite code, or null if it cannot be one. */
export function normaliseInviteCode(input: string): string | null {
  return normaliseCode(input);
}

/** An invite or recovery code as printed: `XXXXX-XXXXX`. */
export function formatInviteCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Ten distinct one-time recovery codes, formatted `XXXXX-XXXXX`; store `sha256` of each normalised. */
export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(formatInviteCode(newCode()));
  return [...codes];
}

/** The canonical form of a typed recovery code (same rules as invites), or null. */
export function normaliseRecoveryCode(input: string): string | null {
  return normaliseCode(input);
}

/** A new bearer secret: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of a UTF-8 string, base64url: what is stored in place of a token or code. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}
