/**
 * Local-date arithmetic on day numbers (days since 1970-01-01), so rules and zone math never build
 * Date objects on the hot path.
 */

/** Milliseconds in a calendar day of local time (ignoring DST, which zone.ts handles). */
export const DAY_MS = 86_400_000;

/** Weekday codes in Harbour's index order: Monday is 0, Sunday is 6 (RFC 5545 spelling). */
export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** A weekday code as written in `byday` and `wkst`. */
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** Day number of a proleptic Gregorian date (month 1–12); Howard Hinnant's days_from_civil. */
export function toDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date of a day number packed as the integer yyyymmdd (no allocation); see civil_from_days. */
export function toYmd(dayNumber: number): number {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10_000 + m * 100 + d;
}

/** Weekday of a day number: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function getWeekday(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

/** True in Gregorian leap years. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (1–12). */
export function getDaysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;

/**
 * Day number of a `YYYY-MM-DD` date, or null when it is not a real date. A time part
 * (`2024-01-01T00:00:00Z`) is dropped: sources write it, the date is what they mean.
 */
export function parseLocalDate(text: string): number | null {
  const m = DATE_RE.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > getDaysInMonth(year, month)) return null;
  return toDayNumber(year, month, day);
}

/** `YYYY-MM-DD` of a day number. */
export function formatLocalDate(dayNumber: number): string {
  const ymd = toYmd(dayNumber);
  const y = Math.floor(ymd / 10_000);
  return `${String(y).padStart(4, '0')}-${pad2(Math.floor(ymd / 100) % 100)}-${pad2(ymd % 100)}`;
}

/** Two-digit zero padding. */
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
