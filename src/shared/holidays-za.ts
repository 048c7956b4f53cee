/**
 * South African public holidays, computed (Public Holidays Act 36 of 1994, Schedule 1, and s2(1)
 * for Sundays). Pure and isomorphic: the "open now" engine asks it about every day it looks at.
 */

/** A public holiday: `date` is `YYYY-MM-DD`. */
export interface PublicHoliday {
  date: string;
  name: string;
}

/**
 * One-off days declared public holidays under s2A of the Act (election days and the like). Callers
 * pass later declarations as `extra`, so a new one needs no code change.
 */
export const DECLARED_HOLIDAYS_ZA: readonly PublicHoliday[] = [
  { date: '2016-08-03', name: 'Local government elections' },
  { date: '2019-05-08', name: 'General elections' },
  { date: '2021-11-01', name: 'Local government elections' },
  { date: '2022-12-27', name: 'Declared public holiday' },
  { date: '2024-05-29', name: 'General elections' },
];

/** The Act's first full year; earlier years had other holidays, so none are claimed for them. */
const FIRST_YEAR = 1995;

const FIXED: readonly [number, number, string][] = [
  [1, 1, "New Year's Day"],
  [3, 21, 'Human Rights Day'],
  [4, 27, 'Freedom Day'],
  [5, 1, "Workers' Day"],
  [6, 16, 'Youth Day'],
  [8, 9, "National Women's Day"],
  [9, 24, 'Heritage Day'],
  [12, 16, 'Day of Reconciliation'],
  [12, 25, 'Christmas Day'],
  [12, 26, 'Day of Goodwill'],
];

/** Easter Sunday by the Gregorian computus (anonymous algorithm, Meeus/Jones/Butcher). */
export function findEasterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

const yearCache = new Map<number, { list: PublicHoliday[]; keys: Set<number> }>();

function buildYear(year: number): { list: PublicHoliday[]; keys: Set<number> } {
  const byTime = new Map<number, string>();
  const add = (ms: number, name: string): void => {
    const had = byTime.get(ms);
    byTime.set(ms, had ? `${had}; ${name}` : name);
  };
  if (year >= FIRST_YEAR) {
    const easter = findEasterSunday(year);
    const easterMs = Date.UTC(year, easter.month - 1, easter.day);
    add(easterMs - 2 * 86_400_000, 'Good Friday');
    add(easterMs + 86_400_000, 'Family Day');
    for (const [m, d, name] of FIXED) add(Date.UTC(year, m - 1, d), name);
    // s2(1): a public holiday on a Sunday makes the following Monday one (if it is not already).
    for (const [ms, name] of [...byTime]) {
      const monday = ms + 86_400_000;
      if (new Date(ms).getUTCDay() === 0 && !byTime.has(monday)) byTime.set(monday, `${name} (observed)`);
    }
  }
  for (const h of DECLARED_HOLIDAYS_ZA) {
    if (h.date.startsWith(`${year}-`)) add(Date.parse(`${h.date}T00:00:00Z`), h.name);
  }
  const list = [...byTime]
    .sort((x, y) => x[0] - y[0])
    .map(([ms, name]) => ({ date: new Date(ms).toISOString().slice(0, 10), name }));
  const keys = new Set(list.map((h) => Number(h.date.replaceAll('-', ''))));
  return { list, keys };
}

function getYear(year: number): { list: PublicHoliday[]; keys: Set<number> } {
  let entry = yearCache.get(year);
  if (!entry) {
    entry = buildYear(year);
    yearCache.set(year, entry);
  }
  return entry;
}

/** True when the integer date yyyymmdd is a built-in public holiday (the engine's fast path). */
export function isPublicHolidayYmdZA(ymd: number): boolean {
  return getYear(Math.floor(ymd / 10_000)).keys.has(ymd);
}

/**
 * True when the date (month 1–12) is a South African public holiday, including Sunday holidays'
 * Mondays and declared days; `extra` adds more declared days as `YYYY-MM-DD`.
 */
export function isPublicHolidayZA(year: number, month: number, day: number, extra?: readonly string[]): boolean {
  if (isPublicHolidayYmdZA(year * 10_000 + month * 100 + day)) return true;
  if (!extra || extra.length === 0) return false;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return extra.some((d) => d.trim().slice(0, 10) === iso);
}

/** The year's public holidays in date order, with any `extra` declared days of that year. */
export function listPublicHolidaysZA(year: number, extra?: readonly string[]): PublicHoliday[] {
  const list = getYear(year).list.map((h) => ({ ...h }));
  for (const raw of extra ?? []) {
    const date = raw.trim().slice(0, 10);
    if (date.startsWith(`${year}-`) && !list.some((h) => h.date === date)) {
      list.push({ date, name: 'Declared public holiday' });
    }
  }
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
