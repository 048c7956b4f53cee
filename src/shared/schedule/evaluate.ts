/** "Open now": evaluates a compiled schedule at an instant. Unknown is null, never a guess. */
import { isPublicHolidayYmdZA } from '../holidays-za.ts';
import { DAY_MS, toYmd } from './dates.ts';
import { selectsDay } from './rules.ts';
import type { CompiledRow, CompiledSchedule, EvaluateOptions, OpenReason, OpenState } from './types.ts';
import { formatInstant, getLocalDay, getZone } from './zone.ts';
import type { Zone } from './zone.ts';

/** Default look-ahead for open_until and next_open, in days. */
export const DEFAULT_LOOKAHEAD_DAYS = 35;

const KNOWN = 0;
const REMOVED = 1;
const UNKNOWN = 2;

// Evaluation is synchronous, so one scratch record per kind avoids allocating per occurrence.
const occ = { open: 0, close: 0 };
const scan = { inRange: false, unsupported: false, unknownHoliday: false };

function closeOn(row: CompiledRow, base: number): number {
  return row.closeAbs ? base + row.closeMs : row.zone.toUtc(base + row.closeMs);
}

/** Puts the occurrence opening on local `day` in `occ`; false when it is empty (a DST gap ate it). */
function computeOccurrence(row: CompiledRow, day: number): boolean {
  const base = day * DAY_MS;
  const open = row.openAbs ? base + row.openMs : row.zone.toUtc(base + row.openMs);
  let close = closeOn(row, row.nextDay === 1 ? base + DAY_MS : base);
  if (row.nextDay === -1 && close <= open) close = closeOn(row, base + DAY_MS);
  occ.open = open;
  occ.close = close;
  return close > open;
}

/** True when the local day is a South African public holiday or one of the schedule's extra days. */
function isHolidayDay(s: CompiledSchedule, day: number): boolean {
  return isPublicHolidayYmdZA(toYmd(day)) || (s.extraHolidays !== null && s.extraHolidays.has(day));
}

/** How an occurrence opening on `day` counts, given the service's holiday hours. */
function classifyDay(s: CompiledSchedule, day: number): number {
  if (s.holidayHours === 'open' || !isHolidayDay(s, day)) return KNOWN;
  return s.holidayHours === 'closed' ? REMOVED : UNKNOWN;
}

/**
 * Latest close among known-open occurrences containing instant x (−Infinity if none), from rows
 * whose valid range holds x's local date; sets `scan` flags on the way.
 */
function scanAt(s: CompiledSchedule, x: number): number {
  scan.inRange = false;
  scan.unsupported = false;
  scan.unknownHoliday = false;
  let end = -Infinity;
  for (const row of s.rows) {
    const local = getLocalDay(row.zone, x);
    if (local < row.validFrom || local > row.validTo) continue;
    scan.inRange = true;
    if (row.problem !== null) {
      scan.unsupported = true;
      continue;
    }
    const to = Math.min(local - row.minShift, row.last);
    for (let day = Math.max(local - row.maxShift, row.first); day <= to; day++) {
      if (!selectsDay(row.rule, day) || !computeOccurrence(row, day)) continue;
      if (occ.open > x || x >= occ.close) continue;
      const kind = classifyDay(s, day);
      if (kind === KNOWN) end = Math.max(end, occ.close);
      else if (kind === UNKNOWN) scan.unknownHoliday = true;
    }
  }
  return end;
}

/** End of the open stretch from `end`, merging windows that touch or overlap; null past horizon. */
function extendWindow(s: CompiledSchedule, end: number, horizon: number): number | null {
  while (end <= horizon) {
    const next = scanAt(s, end);
    if (!(next > end)) return end;
    end = next;
  }
  return null;
}

/** Start of the first known-open occurrence after t and no later than the horizon, else null. */
function findNextOpen(s: CompiledSchedule, t: number, horizon: number): number | null {
  let best = Infinity;
  for (const row of s.rows) {
    if (row.problem !== null) continue;
    // Valid ranges are judged on the occurrence's own date here, as is until/count.
    const from = Math.max(getLocalDay(row.zone, t) - row.maxShift, row.first, row.validFrom);
    const to = Math.min(getLocalDay(row.zone, horizon) - row.minShift, row.last, row.validTo);
    for (let day = from; day <= to; day++) {
      if (!selectsDay(row.rule, day) || !computeOccurrence(row, day)) continue;
      if (occ.open >= best || occ.open > horizon) break;
      if (occ.open <= t || classifyDay(s, day) !== KNOWN) continue;
      best = occ.open;
      break;
    }
  }
  if (best === Infinity) return null;
  return best < findUnknownFrom(s, t) ? best : null;
}

function getRangeStart(row: CompiledRow): number {
  return row.validFrom === -Infinity ? -Infinity : row.zone.toUtc(row.validFrom * DAY_MS);
}

function getRangeEnd(row: CompiledRow): number {
  return row.validTo === Infinity ? Infinity : row.zone.toUtc((row.validTo + 1) * DAY_MS);
}

/**
 * First instant after t when the answer turns unknown: an unsupported row comes into range, or
 * no row is in range. A next_open beyond it could be wrong (the service may open sooner), so it
 * is withheld.
 */
function findUnknownFrom(s: CompiledSchedule, t: number): number {
  let cutoff = Infinity;
  for (const row of s.rows) {
    const start = getRangeStart(row);
    if (row.problem !== null && start > t) cutoff = Math.min(cutoff, start);
  }
  if (s.alwaysCovered) return cutoff;
  let cur = t;
  for (;;) {
    let reach = cur;
    for (const row of s.rows) {
      const rangeEnd = getRangeEnd(row);
      if (rangeEnd > reach && getRangeStart(row) <= cur) reach = rangeEnd;
    }
    if (reach === cur) return Math.min(cutoff, cur);
    if (reach >= cutoff) return cutoff;
    cur = reach;
  }
}

const formatted = new WeakMap<Zone, Map<number, string>>();

/** formatInstant, remembered: a search formats the same few opening times for many services. */
function formatCached(ms: number, zone: Zone): string {
  let cache = formatted.get(zone);
  if (!cache) {
    cache = new Map();
    formatted.set(zone, cache);
  }
  let text = cache.get(ms);
  if (text === undefined) {
    text = formatInstant(ms, zone);
    if (cache.size >= 4096) cache.clear();
    cache.set(ms, text);
  }
  return text;
}

function unknown(reason: OpenReason): OpenState {
  return { open: null, reason, open_until: null, next_open: null };
}

function computeOpenState(s: CompiledSchedule, t: number, out: Zone, horizon: number): OpenState {
  if (s.rows.length === 0) return unknown('no_schedule');
  const end = scanAt(s, t);
  if (scan.unsupported) return unknown('unsupported');
  if (!scan.inRange) return unknown('out_of_date');
  if (end > t) {
    const until = extendWindow(s, end, horizon);
    return { open: true, reason: 'open', open_until: until === null ? null : formatCached(until, out), next_open: null };
  }
  const holidayNow = scan.unknownHoliday || isHolidayDay(s, getLocalDay(s.defaultZone, t));
  if (s.holidayHours === null && holidayNow) return unknown('holiday_unknown');
  const next = findNextOpen(s, t, horizon);
  return { open: false, reason: 'closed', open_until: null, next_open: next === null ? null : formatCached(next, out) };
}

/** The last answer for a shared row set, one per holidayHours value ('open', 'closed', null). */
interface Memo {
  t: number;
  horizon: number;
  out: Zone;
  states: (OpenState | undefined)[];
}

// compileSchedule shares parsed rows between services with equal hours, and a search evaluates
// them all at one instant: remembering the last answer per row set skips most of the work.
const memos = new WeakMap<readonly CompiledRow[], Memo>();

function getMemo(s: CompiledSchedule, t: number, out: Zone, horizon: number): Memo {
  let memo = memos.get(s.rows);
  if (!memo || memo.t !== t || memo.horizon !== horizon || memo.out !== out) {
    memo = { t, horizon, out, states: [] };
    memos.set(s.rows, memo);
  }
  return memo;
}

/**
 * Whether the service is open at `at`, when it closes (open_until) or next opens (next_open), as
 * RFC 3339 in `outputZone` (default: the compile-time zone). Null `open` means unknown; `reason`
 * says why. Throws RangeError for an invalid instant or unknown outputZone.
 */
export function evaluateOpen(s: CompiledSchedule, at: Date | number, opts?: EvaluateOptions): OpenState {
  const t = typeof at === 'number' ? at : at.getTime();
  if (!Number.isFinite(t)) throw new RangeError('evaluateOpen: invalid instant');
  const out = opts?.outputZone === undefined ? s.defaultZone : getZone(opts.outputZone);
  const horizon = t + (opts?.lookaheadDays ?? DEFAULT_LOOKAHEAD_DAYS) * DAY_MS;
  if (s.extraHolidays !== null) return computeOpenState(s, t, out, horizon);
  const memo = getMemo(s, t, out, horizon);
  const slot = s.holidayHours === 'open' ? 0 : s.holidayHours === 'closed' ? 1 : 2;
  const state = memo.states[slot] ?? (memo.states[slot] = computeOpenState(s, t, out, horizon));
  return { ...state };
}

/**
 * Just `evaluateOpen(s, at).open`, without looking ahead for open_until or next_open: what a
 * search needs to filter thousands of services by "open", at a fraction of the cost.
 */
export function isOpenAt(s: CompiledSchedule, at: number): boolean | null {
  if (!Number.isFinite(at)) throw new RangeError('isOpenAt: invalid instant');
  if (s.rows.length === 0) return null;
  const end = scanAt(s, at);
  if (scan.unsupported || !scan.inRange) return null;
  if (end > at) return true;
  const holidayNow = scan.unknownHoliday || isHolidayDay(s, getLocalDay(s.defaultZone, at));
  return s.holidayHours === null && holidayNow ? null : false;
}

const HOUR_MS = 3_600_000;

/** The first instant after `at` when the local wall clock (at this offset) reads `msOfDay`. */
function nextWallTime(at: number, offset: number, msOfDay: number): number {
  const now = (((at + offset) % DAY_MS) + DAY_MS) % DAY_MS;
  const want = ((msOfDay % DAY_MS) + DAY_MS) % DAY_MS;
  const delta = want - now;
  return at + (delta > 0 ? delta : delta + DAY_MS);
}

/**
 * An instant u > at such that `isOpenAt` gives the same answer at every instant of [at, u): the
 * answer can change only where a row's zone reaches one of its opening or closing times or
 * midnight (days select occurrences, valid ranges and holidays), or where a zone's offset changes.
 * Within a day of a zone's offset change only `at` itself is promised; elsewhere the bound is never
 * later than the end of the UTC hour.
 */
export function stableUntil(s: CompiledSchedule, at: number): number {
  const hourEnd = Math.floor(at / HOUR_MS) * HOUR_MS + HOUR_MS;
  let until = hourEnd;
  const offsetOf = (zone: Zone): number => {
    const offset = zone.getOffset(at);
    // Within a day of an offset change, a wall time in a gap is moved to another instant (and a
    // repeated hour is read twice): promise nothing beyond `at` itself there.
    if (
      zone.getOffset(hourEnd - 1) !== offset ||
      zone.getOffset(at - DAY_MS) !== offset ||
      zone.getOffset(at + DAY_MS) !== offset
    ) {
      until = at + 1;
    }
    return offset;
  };
  const defaultOffset = offsetOf(s.defaultZone);
  until = Math.min(until, nextWallTime(at, defaultOffset, 0));
  for (const row of s.rows) {
    const offset = offsetOf(row.zone);
    until = Math.min(until, nextWallTime(at, offset, 0));
    // Absolute times count from the local date's UTC midnight: UTC wall times.
    if (Number.isFinite(row.openMs)) until = Math.min(until, nextWallTime(at, row.openAbs ? 0 : offset, row.openMs));
    if (Number.isFinite(row.closeMs)) until = Math.min(until, nextWallTime(at, row.closeAbs ? 0 : offset, row.closeMs));
  }
  return until;
}
