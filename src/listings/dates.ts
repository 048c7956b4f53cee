import { DAY_MS, formatLocalDate, parseLocalDate } from '../shared/schedule/dates.ts';
import { getLocalDay, getZone } from '../shared/schedule/zone.ts';

/** Today's date (YYYY-MM-DD) in a time zone. */
export function localToday(zone: string, now: Date): string {
  return formatLocalDate(getLocalDay(getZone(zone), now.getTime()));
}

/** Day number of a strict `YYYY-MM-DD` (no time part), or null. */
export function parseDay(text: string): number | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseLocalDate(text) : null;
}

/** `YYYY-MM-DD` `days` after a date. */
export function addDays(day: string, days: number): string {
  return formatLocalDate(parseDay(day)! + days);
}

/** The instant a closure that lasts up to and including `until` ends: the next local midnight. */
export function endOfDay(until: string, zone: string): Date {
  return new Date(getZone(zone).toUtc((parseDay(until)! + 1) * DAY_MS));
}

/** "Tuesday, 10 June 2025". */
export function longDate(day: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(parseDay(day)! * DAY_MS);
}
