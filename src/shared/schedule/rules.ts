/** Which local days a schedule row selects (the RFC 5545 subset Harbour evaluates). */
import { getDaysInMonth, getWeekday, toYmd } from './dates.ts';
import type { ByDay, DayRule } from './types.ts';

/** The recurrence fields of a row, already parsed. */
export interface RuleFields {
  freq: string | null;
  byday: readonly ByDay[] | null;
  bymonthday: readonly number[] | null;
  interval: number;
  /** Week start, 0 = Monday. */
  wkst: number;
  dtstart: number | null;
}

/** Day number of the first day of the week holding `day`, weeks starting on `wkst`. */
export function getWeekStart(day: number, wkst: number): number {
  return day - ((getWeekday(day) - wkst + 7) % 7);
}

/** Month index (year × 12 + month − 1) of a day number. */
function getMonthIndex(day: number): number {
  const ymd = toYmd(day);
  return Math.floor(ymd / 10_000) * 12 + (Math.floor(ymd / 100) % 100) - 1;
}

/** The row's rule, or a sentence saying why Harbour does not evaluate it. */
export function buildRule(f: RuleFields): DayRule | string {
  if (f.freq === null) return buildSingle(f);
  if (f.interval > 1 && f.dtstart === null) return 'interval above 1 without dtstart is not evaluated';
  if (f.freq === 'WEEKLY') return buildWeekly(f);
  if (f.freq === 'MONTHLY') return buildMonthly(f);
  return `freq ${f.freq} is not evaluated`;
}

function buildSingle(f: RuleFields): DayRule | string {
  if (f.byday) return 'byday without freq is not evaluated';
  if (f.bymonthday) return 'bymonthday without freq is not evaluated';
  if (f.interval > 1) return 'interval without freq is not evaluated';
  if (f.dtstart === null) return 'times with no freq and no dtstart are not evaluated';
  return { kind: 'once' };
}

function buildWeekly(f: RuleFields): DayRule | string {
  // RFC 5545 3.3.10: BYMONTHDAY must not be used with WEEKLY, and ordinals only with MONTHLY/YEARLY.
  if (f.bymonthday) return 'bymonthday with WEEKLY is not evaluated';
  let mask = 0;
  for (const b of f.byday ?? []) {
    if (b.ordinal !== 0) return 'numbered byday with WEEKLY is not evaluated';
    mask |= 1 << b.weekday;
  }
  if (!f.byday) {
    if (f.dtstart === null) return 'WEEKLY without byday or dtstart is not evaluated';
    mask = 1 << getWeekday(f.dtstart);
  }
  const anchorWeek = f.dtstart === null ? 0 : getWeekStart(f.dtstart, f.wkst);
  return { kind: 'weekly', mask, interval: f.interval, wkst: f.wkst, anchorWeek };
}

function buildMonthly(f: RuleFields): DayRule | string {
  let bymonthday = f.bymonthday ?? [];
  if (!f.byday && !f.bymonthday) {
    if (f.dtstart === null) return 'MONTHLY without byday, bymonthday or dtstart is not evaluated';
    bymonthday = [toYmd(f.dtstart) % 100];
  }
  const anchorMonth = f.dtstart === null ? 0 : getMonthIndex(f.dtstart);
  return { kind: 'monthly', byday: f.byday ?? [], bymonthday, interval: f.interval, anchorMonth };
}

/** True when the rule selects the local day (bounds such as dtstart and until are checked apart). */
export function selectsDay(rule: DayRule, day: number): boolean {
  if (rule.kind === 'weekly') {
    const wd = getWeekday(day);
    if ((rule.mask & (1 << wd)) === 0) return false;
    if (rule.interval === 1) return true;
    const weeks = (day - ((wd - rule.wkst + 7) % 7) - rule.anchorWeek) / 7;
    return ((weeks % rule.interval) + rule.interval) % rule.interval === 0;
  }
  if (rule.kind === 'monthly') return selectsMonthDay(rule, day);
  return true;
}

function selectsMonthDay(rule: Extract<DayRule, { kind: 'monthly' }>, day: number): boolean {
  const ymd = toYmd(day);
  const year = Math.floor(ymd / 10_000);
  const month = Math.floor(ymd / 100) % 100;
  const d = ymd % 100;
  if (rule.interval > 1) {
    const months = year * 12 + month - 1 - rule.anchorMonth;
    if (((months % rule.interval) + rule.interval) % rule.interval !== 0) return false;
  }
  const dim = getDaysInMonth(year, month);
  if (rule.bymonthday.length > 0 && !matchesMonthDay(rule.bymonthday, d, dim)) return false;
  // RFC 5545: BYDAY and BYMONTHDAY together select days satisfying both.
  if (rule.byday.length === 0) return true;
  const wd = getWeekday(day);
  for (const b of rule.byday) {
    if (b.weekday !== wd) continue;
    if (b.ordinal === 0) return true;
    if (b.ordinal > 0 ? Math.ceil(d / 7) === b.ordinal : Math.floor((dim - d) / 7) + 1 === -b.ordinal) return true;
  }
  return false;
}

function matchesMonthDay(days: readonly number[], d: number, dim: number): boolean {
  for (const v of days) if (v > 0 ? v === d : dim + 1 + v === d) return true;
  return false;
}

/** Days scanned when turning `count` into a last day: 400 years; past that the count is no bound. */
const MAX_COUNT_SCAN = 146_097;

/** The day of the count-th selected day from `first`, capped by `last`. */
export function findLastByCount(rule: DayRule, first: number, last: number, count: number): number {
  let seen = 0;
  const end = Math.min(last, first + MAX_COUNT_SCAN);
  for (let day = first; day <= end; day++) {
    if (selectsDay(rule, day) && ++seen === count) return day;
  }
  return last;
}
