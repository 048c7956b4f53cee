/**
 * Working names: what a member is called on the platform, unique per organisation by a key that
 * ignores case, width, Unicode composition and spacing, so "Lerato", "LERATO", "ｌｅｒａｔｏ" and
 * "Lerato " are one name.
 */

const MIN_LENGTH = 2;
const MAX_LENGTH = 40;
// Marks (\p{M}) are allowed as well as letters: many scripts (Devanagari, Thai…) have no
// precomposed forms. ’ is allowed because phones turn ' into it as people type.
const ALLOWED = /^[\p{L}\p{M}\p{N} .\-_'’]+$/u;

/**
 * The uniqueness key of a working name: NFKC, whitespace collapsed and trimmed, ’ read as ', then
 * case-folded. JavaScript has no full case folding; lower → upper → lower approximates it (ß, ẞ and
 * SS all become "ss"; final and medial sigma agree), and a last NFKC recomposes what case mapping
 * decomposed (e.g. ǰ → J̌).
 */
export function workingNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/’/g, "'")
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC');
}

/** Checks a chosen working name; returns null when acceptable, else a message to show the person. */
export function checkWorkingName(name: string): string | null {
  const trimmed = name.normalize('NFKC').trim();
  const length = [...trimmed].length;
  if (length < MIN_LENGTH) return `Use at least ${MIN_LENGTH} characters.`;
  if (length > MAX_LENGTH) return `Use ${MAX_LENGTH} characters or fewer.`;
  if (!ALLOWED.test(trimmed)) return "Use only letters, numbers, spaces and . - _ '";
  if (!/[\p{L}\p{N}]/u.test(trimmed)) return 'Include at least one letter or number.';
  return null;
}
