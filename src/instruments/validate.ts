/** Input checks shared by the scorers. Each failure throws {@link InvalidResponseError} naming the item. */
import { InvalidResponseError } from './types.ts';

/** Throws the instrument's invalid_response error. */
export function reject(message: string): never {
  throw new InvalidResponseError(message);
}

/** A short, readable rendering of any value for a message. */
export function show(value: unknown): string {
  if (value === undefined || typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    text = 'an unreadable value';
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function describeAllowed(allowed: readonly (number | string)[]): string {
  const consecutive = allowed.every((v, i) => i === 0 || v === Number(allowed[i - 1]) + 1);
  if (allowed.length > 5 && consecutive) return `a whole number from ${allowed[0]} to ${allowed.at(-1)}`;
  const shown = allowed.map((v) => (typeof v === 'string' ? `"${v}"` : String(v)));
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

/** The value if it is one of `allowed` (same type, so "2" is not 2 and 1.5 is never an item value). */
export function pick<V extends number | string>(value: unknown, allowed: readonly V[], what: string): V {
  if ((typeof value === 'number' || typeof value === 'string') && (allowed as readonly unknown[]).includes(value)) {
    return value as V;
  }
  return reject(`${what} must be ${describeAllowed(allowed)} (got ${show(value)})`);
}

/** Checks that a question the rules skip was left unanswered (`null` or absent). */
export function requireSkipped(value: unknown, what: string, why: string): null {
  if (value !== null && value !== undefined) reject(`${what} is skipped ${why}, so it must be null (got ${show(value)})`);
  return null;
}

/** The answers as a list of exactly `count` entries. */
export function readList(answers: unknown, count: number, label: string): readonly unknown[] {
  const answersText = `${count} answer${count === 1 ? '' : 's'}`;
  if (!Array.isArray(answers)) return reject(`${label} answers must be a list of ${answersText} (got ${show(answers)})`);
  if (answers.length !== count) reject(`${label} needs exactly ${answersText} (got ${answers.length})`);
  return answers;
}

/** The value as a plain object whose keys are all among `allowed` ("Stage answers", noun "question"). */
export function readObject(value: unknown, allowed: readonly string[], what: string, noun = 'question'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return reject(`${what} must be an object (got ${show(value)})`);
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) reject(`${what} has an unknown ${noun} "${unknown}" (expected ${describeAllowed(allowed)})`);
  return value as Record<string, unknown>;
}

/**
 * Numeric items scored as published: `valueSets[i]` is the set item i+1 allows, and the list must have
 * exactly that many entries.
 */
export function readItems(answers: unknown, label: string, valueSets: readonly (readonly number[])[], noun = 'item'): number[] {
  const list = readList(answers, valueSets.length, label);
  return valueSets.map((allowed, i) => pick(list[i], allowed, `${label} ${noun} ${i + 1}`));
}

/** The sum of the values. */
export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
