import { dictionary } from '@zxcvbn-ts/language-common';

/** Who is choosing the passphrase: staff accounts guard more, so they need longer ones. */
export type PassphraseKind = 'staff' | 'member';

/** Minimum length in Unicode code points (after NFKC), per kind of account. */
export const MIN_PASSPHRASE_LENGTH: Readonly<Record<PassphraseKind, number>> = { staff: 12, member: 8 };

let common: Set<string> | undefined;

/**
 * Checks a new passphrase: long enough for the kind of account, not one character repeated, not on
 * zxcvbn's list of common passwords (case-insensitive). Returns null when acceptable, else a
 * message to show the person.
 */
export function checkPassphrase(value: string, kind: PassphraseKind): string | null {
  const normal = value.normalize('NFKC');
  const chars = [...normal];
  const min = MIN_PASSPHRASE_LENGTH[kind];
  if (chars.length < min) return `Use at least ${min} characters.`;
  if (chars.every((c) => c === chars[0])) return 'Use more than one character repeated.';
  common ??= new Set(dictionary.passwords.map((p) => p.toLowerCase()));
  if (common.has(normal.toLowerCase())) return 'This is one of the most common passwords. Choose something harder to guess.';
  return null;
}
