/** Parses schedule rows once (compileSchedule) and explains them for import (findScheduleWarnings). */
import { DAY_MS, parseLocalDate } from './dates.ts';
import { memoizeParser, parseByDay, parseMonthDays, parseTime, parseWeekday, readNumber, readText } from './fields.ts';
import type { TimeOfDay } from './fields.ts';
import { buildRule, findLastByCount, selectsDay } from './rules.ts';
import type { CompileOptions, CompiledRow, CompiledSchedule, DayRule, ScheduleRow } from './types.ts';
import { getFixedZone, getZone } from './zone.ts';
import type { Zone } from './zone.ts';

interface RowReport {
  row: CompiledRow;
  /** Reasons the row is not evaluated (open will be unknown). */
  problems: string[];
  /** Readings worth a look at import time that do not stop evaluation. */
  notes: string[];
}

type Field = keyof ScheduleRow;

// Parsed values are shared between rows, so they are never mutated after parsing.
const parseDateMemo = memoizeParser(parseLocalDate);
const parseByDayMemo = memoizeParser(parseByDay);
const parseMonthDaysMemo = memoizeParser(parseMonthDays);
const parseOpening = memoizeParser((text: string) => parseTime(text, false));
const parseClosing = memoizeParser((text: string) => parseTime(text, true));

function readDate(raw: ScheduleRow, field: Field, problems: string[]): number | null {
  const text = readText(raw[field]);
  if (text === null) return null;
  const day = parseDateMemo(text);
  if (day === null) problems.push(`${field} "${text}" is not a date`);
  return day;
}

function readWhole(raw: ScheduleRow, field: Field, problems: string[]): number | null {
  const n = readNumber(raw[field]);
  if (n === null) return null;
  if (Number.isInteger(n) && n >= 1) return n;
  problems.push(`${field} "${String(raw[field])}" is not a whole number from 1`);
  return null;
}

function readParsed<T>(raw: ScheduleRow, field: Field, parse: (t: string) => T | null, problems: string[]): T | null {
  const text = readText(raw[field]);
  if (text === null) return null;
  const value = parse(text);
  if (value === null) problems.push(`${field} "${text}" is not understood`);
  return value;
}

function readWeekday(text: string): number | null {
  const w = parseWeekday(text);
  return w < 0 ? null : w;
}

function readZoneOffset(raw: ScheduleRow, problems: string[]): number | null {
  const tz = readNumber(raw.timezone);
  if (tz === null) return null;
  if (!Number.isNaN(tz) && Math.abs(tz) <= 14) return Math.round(tz * 60) * 60_000;
  problems.push(`timezone "${String(raw.timezone)}" is not a UTC offset in hours`);
  return null;
}

/** Parses one row; never throws. Notes are only gathered for findScheduleWarnings. */
function compileRow(raw: ScheduleRow, defaultZone: Zone, withNotes: boolean): RowReport {
  const problems: string[] = [];
  const notes: string[] = [];
  const fixedOffset = readZoneOffset(raw, problems);
  const validFrom = readDate(raw, 'valid_from', problems);
  const validTo = readDate(raw, 'valid_to', problems);
  const dtstart = readDate(raw, 'dtstart', problems);
  const until = readDate(raw, 'until', problems);
  for (const f of ['byweekno', 'byyearday'] as const) {
    if (readText(raw[f]) !== null) problems.push(`${f} is not evaluated`);
  }
  const count = readWhole(raw, 'count', problems);
  if (count !== null && dtstart === null) problems.push('count without dtstart is not evaluated');
  const wkst = readParsed(raw, 'wkst', readWeekday, problems) ?? 0;
  const rule = buildRule({
    freq: readText(raw.freq)?.toUpperCase() ?? null,
    byday: readParsed(raw, 'byday', parseByDayMemo, problems),
    bymonthday: readParsed(raw, 'bymonthday', parseMonthDaysMemo, problems),
    interval: readWhole(raw, 'interval', problems) ?? 1,
    wkst,
    dtstart,
  });
  if (typeof rule === 'string') problems.push(rule);
  const opens = readParsed(raw, 'opens_at', parseOpening, problems);
  const closes = readParsed(raw, 'closes_at', parseClosing, problems);
  if (readText(raw.opens_at) === null || readText(raw.closes_at) === null) {
    problems.push('no opens_at/closes_at (text only)');
  }
  const row: CompiledRow = {
    problem: problems[0] ?? null,
    zone: fixedOffset === null ? defaultZone : getFixedZone(fixedOffset),
    validFrom: validFrom ?? -Infinity,
    validTo: validTo ?? Infinity,
    first: dtstart ?? -Infinity,
    last: until ?? Infinity,
    rule: typeof rule === 'string' ? { kind: 'once' } : rule,
    ...buildWindow(opens ?? { ms: 0, offsetMs: 0 }, closes ?? { ms: 0, offsetMs: 0 }, fixedOffset),
  };
  if (row.problem === null) boundRow(row, count);
  if (withNotes) addNotes(raw, row, opens, closes, notes);
  return { row, problems, notes };
}

/**
 * A window end as [ms, abs]. A time with its own offset is that instant on the row's local date;
 * in a fixed-offset row every time is, so the window is constant from the date's UTC midnight.
 */
function resolveEnd(t: TimeOfDay, fixedOffset: number | null): [number, boolean] {
  const off = t.offsetMs ?? fixedOffset;
  return off === null ? [t.ms, false] : [t.ms - off, true];
}

type WindowFields = Pick<CompiledRow, 'openMs' | 'openAbs' | 'closeMs' | 'closeAbs' | 'nextDay'>;

function buildWindow(
  opens: TimeOfDay,
  closes: TimeOfDay,
  fixedOffset: number | null,
): WindowFields & { minShift: number; maxShift: number } {
  const [openMs, openAbs] = resolveEnd(opens, fixedOffset);
  const [closeMs, closeAbs] = resolveEnd(closes, fixedOffset);
  const nextDay = openAbs !== closeAbs ? -1 : closeMs <= openMs ? 1 : 0;
  let minShift = -2;
  let maxShift = 2;
  if (!openAbs && !closeAbs) {
    minShift = 0;
    maxShift = nextDay;
  } else if (fixedOffset !== null) {
    minShift = Math.floor((openMs + fixedOffset) / DAY_MS);
    maxShift = Math.floor((closeMs + nextDay * DAY_MS + fixedOffset - 1) / DAY_MS);
  }
  return { openMs, openAbs, closeMs, closeAbs, nextDay, minShift, maxShift };
}

/** Folds a single occurrence and `count` into the row's last day (done once, not per evaluation). */
function boundRow(row: CompiledRow, count: number | null): void {
  if (row.rule.kind === 'once') row.last = Math.min(row.last, row.first);
  else if (count !== null) row.last = findLastByCount(row.rule, row.first, row.last, count);
}

function addNotes(raw: ScheduleRow, row: CompiledRow, opens: TimeOfDay | null, closes: TimeOfDay | null, notes: string[]): void {
  const zoneless = opens?.offsetMs === null || closes?.offsetMs === null;
  if (readNumber(raw.timezone) === null && zoneless) notes.push('no timezone: read in HARBOUR_TIMEZONE');
  if (row.validFrom > row.validTo) notes.push('valid_to is before valid_from: the row never applies');
  if (row.first > row.last && readText(raw.until) !== null) notes.push('until is before dtstart: the row never applies');
  if (opens && closes && opens.offsetMs === closes.offsetMs) {
    if (closes.ms === opens.ms) notes.push('closes_at equals opens_at: read as open 24 hours');
    else if (closes.ms < opens.ms) notes.push('closes_at is before opens_at: read as closing the next day');
  }
  const rule: DayRule = row.rule;
  if (rule.kind !== 'once' && Number.isFinite(row.first) && !selectsDay(rule, row.first)) {
    notes.push('dtstart is not a day the rule selects: it is not an occurrence');
  }
}

/** Every field evaluation reads; description, notes and ids do not change the answer. */
export const EVALUATED_FIELDS = [
  'valid_from',
  'valid_to',
  'dtstart',
  'timezone',
  'until',
  'count',
  'wkst',
  'freq',
  'interval',
  'byday',
  'byweekno',
  'bymonthday',
  'byyearday',
  'opens_at',
  'closes_at',
] as const;

interface SharedRows {
  rows: readonly CompiledRow[];
  alwaysCovered: boolean;
}

const MAX_SHARED = 20_000;
const sharedRows = new Map<string, SharedRows>();

/** A key naming all that evaluation reads, so the many services with equal hours share one copy. */
function buildRowsKey(rows: readonly ScheduleRow[], zoneName: string): string {
  let key = zoneName;
  for (const raw of rows) {
    key += '\u0001';
    for (const f of EVALUATED_FIELDS) {
      const v: unknown = raw[f];
      // Parsing looks only at strings and numbers, so other values are alike; lengths keep it unambiguous.
      key += typeof v === 'string' ? `s${v.length}:${v}` : typeof v === 'number' ? `n${v}|` : v == null ? '-' : 'x';
    }
  }
  return key;
}

function compileRows(rows: readonly ScheduleRow[], defaultZone: Zone): SharedRows {
  const compiled: CompiledRow[] = [];
  let alwaysCovered = false;
  for (const raw of rows) {
    const row = compileRow(raw, defaultZone, false).row;
    compiled.push(row);
    if (row.problem === null && row.validFrom === -Infinity && row.validTo === Infinity) alwaysCovered = true;
  }
  return { rows: compiled, alwaysCovered };
}

function parseExtraHolidays(dates: readonly string[] | undefined): Set<number> | null {
  if (!dates || dates.length === 0) return null;
  const out = new Set<number>();
  for (const text of dates) {
    const day = parseLocalDate(text);
    if (day === null) throw new RangeError(`extra holiday "${text}" is not a date`);
    out.add(day);
  }
  return out;
}

/**
 * Parses the rows of one service-at-location once for repeated evaluation. Equal row sets share
 * their parsed form (it is never mutated). Throws RangeError for an unknown `defaultZone` or a
 * malformed `extraHolidays` date (configuration errors); bad rows never throw, they make the
 * answer unknown.
 */
export function compileSchedule(rows: readonly ScheduleRow[], opts: CompileOptions): CompiledSchedule {
  const defaultZone = getZone(opts.defaultZone);
  const key = buildRowsKey(rows, opts.defaultZone);
  let shared = sharedRows.get(key);
  if (!shared) {
    shared = compileRows(rows, defaultZone);
    if (sharedRows.size >= MAX_SHARED) sharedRows.clear();
    sharedRows.set(key, shared);
  }
  return {
    rows: shared.rows,
    defaultZone,
    holidayHours: opts.holidayHours ?? null,
    extraHolidays: parseExtraHolidays(opts.extraHolidays),
    alwaysCovered: shared.alwaysCovered,
  };
}

/** Why a row is not evaluated (empty when it is). */
export function findRowProblems(row: ScheduleRow): string[] {
  return compileRow(row, getFixedZone(0), false).problems;
}

/**
 * Import-time warnings for one row: why open would be unknown ('byweekno is not evaluated: open
 * will be unknown') and readings worth checking ('no timezone: read in HARBOUR_TIMEZONE').
 */
export function findScheduleWarnings(row: ScheduleRow): string[] {
  const report = compileRow(row, getFixedZone(0), true);
  return [...report.problems.map((p) => `${p}: open will be unknown`), ...report.notes];
}
