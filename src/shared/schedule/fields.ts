/** Parsers for single HSDS schedule field values; each returns null (or NaN) when it cannot read one. */
import { WEEKDAY_CODES } from './dates.ts';
import type { ByDay } from './types.ts';

/** A time of day: ms after local midnight, and the offset it carries itself (ms east), if any. */
export interface TimeOfDay {
  ms: number;
  offsetMs: number | null;
}

/** Trimmed text, or null when absent, null or blank. */
export function readText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/** A number (or numeric string); null when absent, NaN when present but not a number. */
export function readNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string') return NaN;
  const t = value.trim();
  if (t === '') return null;
  return /^[+-]?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:(Z)|([+-])(\d{2}):?(\d{2})?)?$/i;

/**
 * `HH:MM` or `HH:MM:SS`, optionally followed by `Z` or `±HH:MM`. With `closing`, 23:59 and
 * 23:59:59 mean midnight (HSDS writes a full day as 00:00–23:59) and so does 24:00.
 */
export function parseTime(text: string, closing: boolean): TimeOfDay | null {
  const m = TIME_RE.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (min > 59 || s > 59) return null;
  let ms = (h * 3600 + min * 60 + s) * 1000;
  if (h > 23) {
    if (!(closing && h === 24 && min === 0 && s === 0)) return null;
  } else if (closing && h === 23 && min === 59 && (s === 0 || s === 59)) {
    ms = 86_400_000;
  }
  let offsetMs: number | null = null;
  if (m[4]) offsetMs = 0;
  else if (m[5]) {
    const oh = Number(m[6]);
    const om = m[7] === undefined ? 0 : Number(m[7]);
    if (oh > 14 || om > 59) return null;
    offsetMs = (m[5] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return { ms, offsetMs };
}

/** Weekday index (0 = Monday) of a two-letter code, or -1. */
export function parseWeekday(code: string): number {
  return (WEEKDAY_CODES as readonly string[]).indexOf(code.trim().toUpperCase());
}

const BYDAY_RE = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;

/** `MO,TU` or `1SA,-1FR`; ordinals must be ±1…±5 (a month has at most five of a weekday). */
export function parseByDay(text: string): ByDay[] | null {
  const out: ByDay[] = [];
  for (const raw of text.split(',')) {
    const m = BYDAY_RE.exec(raw.trim().toUpperCase());
    if (!m) return null;
    const ordinal = m[1] === undefined ? 0 : Number(m[1]);
    if (m[1] !== undefined && (ordinal === 0 || Math.abs(ordinal) > 5)) return null;
    out.push({ ordinal, weekday: parseWeekday(m[2]!) });
  }
  return out;
}

/** `1,15,-1`: days of the month, negative counting back from its last day. */
export function parseMonthDays(text: string): number[] | null {
  const out: number[] = [];
  for (const raw of text.split(',')) {
    const t = raw.trim();
    if (!/^[+-]?\d{1,2}$/.test(t)) return null;
    const n = Number(t);
    if (n === 0 || Math.abs(n) > 31) return null;
    out.push(n);
  }
  return out;
}

const MAX_MEMO = 10_000;

/** Caches a string parser's answers: schedule values repeat across thousands of rows. */
export function memoizeParser<T>(parse: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined || cache.has(text)) return hit as T;
    const value = parse(text);
    if (cache.size >= MAX_MEMO) cache.clear();
    cache.set(text, value);
    return value;
  };
}
