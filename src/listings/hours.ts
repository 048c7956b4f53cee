import { isObject } from '../hsds/canonical.ts';
import type { Json } from '../hsds/model.ts';
import { AppError } from '../http/errors.ts';
import { WEEKDAY_CODES, type WeekdayCode } from '../shared/schedule/dates.ts';
import { parseByDay } from '../shared/schedule/fields.ts';
import { describeRow } from '../shared/schedule/index.ts';

/** The weekly editor's days, Monday first, with the names the form shows. */
export const DAYS: readonly { code: WeekdayCode; name: string }[] = [
  { code: 'MO', name: 'Monday' },
  { code: 'TU', name: 'Tuesday' },
  { code: 'WE', name: 'Wednesday' },
  { code: 'TH', name: 'Thursday' },
  { code: 'FR', name: 'Friday' },
  { code: 'SA', name: 'Saturday' },
  { code: 'SU', name: 'Sunday' },
];

/** One day in the editor: `null` is closed. Times are `HH:MM`, local (HARBOUR_TIMEZONE). */
export type Week = Record<WeekdayCode, { opens: string; closes: string } | null>;

const BOUNDS = ['valid_from', 'valid_to', 'dtstart', 'until', 'count', 'byweekno', 'bymonthday', 'byyearday'];
const HHMM = /^(\d{1,2}):(\d{2})/;

/**
 * Whether a schedule row is part of the regular week the editor replaces: weekly, every week, on
 * plain weekdays, with both times and no date bounds. Anything else (monthly rows, seasonal or
 * one-off rows, text-only rows) is left as it is.
 */
export function isRegularWeekly(row: Json): boolean {
  if (String(row.freq ?? '').toUpperCase() !== 'WEEKLY') return false;
  if (row.interval !== undefined && Number(row.interval) !== 1) return false;
  if (BOUNDS.some((f) => row[f] !== undefined && row[f] !== null && row[f] !== '')) return false;
  const days = typeof row.byday === 'string' ? parseByDay(row.byday) : null;
  if (!days || days.some((d) => d.ordinal !== 0)) return false;
  return HHMM.test(String(row.opens_at ?? '')) && HHMM.test(String(row.closes_at ?? ''));
}

function hhmm(text: unknown): string {
  const m = HHMM.exec(String(text))!;
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

/** The editor's view of schedule rows: the first range found for each day, and the days that had more. */
export function readWeek(rows: readonly Json[]): { week: Week; crowded: WeekdayCode[] } {
  const week = Object.fromEntries(WEEKDAY_CODES.map((c) => [c, null])) as Week;
  const crowded = new Set<WeekdayCode>();
  for (const row of rows.filter(isRegularWeekly)) {
    for (const { weekday } of parseByDay(String(row.byday))!) {
      const code = WEEKDAY_CODES[weekday]!;
      if (week[code]) crowded.add(code);
      else week[code] = { opens: hhmm(row.opens_at), closes: hhmm(row.closes_at) };
    }
  }
  return { week, crowded: [...crowded] };
}

function readTime(text: string, day: string, which: string): string {
  const m = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    throw new AppError(
      'invalid_request',
      `${day}: the ${which} time "${text}" is not a time. Write it as HH:MM, for example 09:00.`,
    );
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

/** Reads the editor's fields (`mo_opens`, `mo_closes` …); a day with neither time is closed. */
export function parseWeek(fields: Readonly<Record<string, string | undefined>>): Week {
  const week = {} as Week;
  for (const { code, name } of DAYS) {
    const key = code.toLowerCase();
    const opens = (fields[`${key}_opens`] ?? '').trim();
    const closes = (fields[`${key}_closes`] ?? '').trim();
    if (opens === '' && closes === '') {
      week[code] = null;
      continue;
    }
    if (opens === '' || closes === '')
      throw new AppError(
        'invalid_request',
        `${name}: give both the opening and the closing time, or leave both empty for closed.`,
      );
    const range = { opens: readTime(opens, name, 'opening'), closes: readTime(closes, name, 'closing') };
    if (range.opens === range.closes)
      throw new AppError(
        'invalid_request',
        `${name}: it opens and closes at the same time. For open all day, use 00:00 and 23:59.`,
      );
    week[code] = range;
  }
  return week;
}

/**
 * HSDS schedule rows for a week: days with the same hours share one row (`byday` "MO,TU,WE"), as the
 * demo data writes them. No `timezone`: the times are HARBOUR_TIMEZONE's (the profile's rule), and
 * Harbour's output adds the offset.
 */
export function weekRows(week: Week, newId: () => string, zone: string): Json[] {
  const groups = new Map<string, WeekdayCode[]>();
  for (const code of WEEKDAY_CODES) {
    const range = week[code];
    if (!range) continue;
    const key = `${range.opens}-${range.closes}`;
    groups.set(key, [...(groups.get(key) ?? []), code]);
  }
  return [...groups].map(([key, days]) => {
    const [opens, closes] = key.split('-') as [string, string];
    const row: Json = { id: newId(), freq: 'WEEKLY', byday: days.join(','), opens_at: opens, closes_at: closes };
    return { ...row, description: `${describeRow(row, { defaultZone: zone })}.` };
  });
}

/** Rows in plain words for metadata ("Mon–Fri 09:00–17:00; Sat 09:00–13:00"), '' for none. */
export function describeRows(rows: readonly Json[], zone: string): string {
  return rows.map((r) => describeRow(r, { defaultZone: zone })).join('; ');
}

/** A document's schedule rows. */
export function schedulesOf(doc: Json): Json[] {
  return Array.isArray(doc.schedules) ? doc.schedules.filter(isObject) : [];
}
