/** Types of the "open now" schedule engine: HSDS 3.0 schedule rows in, open state out. */
import type { Zone } from './zone.ts';

/**
 * One HSDS 3.0 schedule row. Every field may be absent or null. Numbers are also accepted as
 * numeric strings, because CSV imports deliver them that way.
 */
export interface ScheduleRow {
  id?: string | null;
  valid_from?: string | null;
  valid_to?: string | null;
  dtstart?: string | null;
  /** UTC offset in hours, may be fractional (5.5). */
  timezone?: number | string | null;
  until?: string | null;
  count?: number | string | null;
  wkst?: string | null;
  freq?: string | null;
  interval?: number | string | null;
  byday?: string | null;
  byweekno?: string | null;
  bymonthday?: string | null;
  byyearday?: string | null;
  description?: string | null;
  opens_at?: string | null;
  closes_at?: string | null;
  notes?: string | null;
}

/** What a service does on public holidays: known open, known closed, or not known (null). */
export type HolidayHours = 'open' | 'closed' | null;

/** Why `open` has its value; the null reasons say why the answer is unknown. */
export type OpenReason = 'open' | 'closed' | 'no_schedule' | 'out_of_date' | 'unsupported' | 'holiday_unknown';

/** The answer to "is it open now?": times are RFC 3339 with the output zone's offset. */
export interface OpenState {
  open: boolean | null;
  reason: OpenReason;
  /** When open: end of the current (merged) window; null when open past the look-ahead. */
  open_until: string | null;
  /** When closed: start of the next window within the look-ahead, else null. */
  next_open: string | null;
}

/** Options for compileSchedule. */
export interface CompileOptions {
  /** IANA zone for rows with no timezone and no offsets (HARBOUR_TIMEZONE). */
  defaultZone: string;
  holidayHours?: HolidayHours;
  /** More declared public holidays, `YYYY-MM-DD`. */
  extraHolidays?: readonly string[];
}

/** Options for evaluateOpen. */
export interface EvaluateOptions {
  /** IANA zone for open_until/next_open; defaults to the compile-time defaultZone. */
  outputZone?: string;
  /** How far to look for open_until/next_open, in days (default 35). */
  lookaheadDays?: number;
}

/** One `byday` entry: weekday 0 = Monday; ordinal 0 = every such weekday, 1 first, -1 last. */
export interface ByDay {
  ordinal: number;
  weekday: number;
}

/** Which local days a row selects, besides its first/last bounds. */
export type DayRule =
  | { kind: 'once' }
  | { kind: 'weekly'; mask: number; interval: number; wkst: number; anchorWeek: number }
  | {
      kind: 'monthly';
      byday: readonly ByDay[];
      bymonthday: readonly number[];
      interval: number;
      anchorMonth: number;
    };

/** A row parsed for evaluation. Internal: callers treat CompiledSchedule as opaque. */
export interface CompiledRow {
  /** Why the row cannot be evaluated, or null. */
  problem: string | null;
  zone: Zone;
  /** Inclusive local day numbers; ±Infinity when open-ended. */
  validFrom: number;
  validTo: number;
  /** First and last selectable local days (dtstart; until or the count-th occurrence). */
  first: number;
  last: number;
  rule: DayRule;
  /** ms of day on the wall (abs false) or ms from the local date's UTC midnight (abs true). */
  openMs: number;
  openAbs: boolean;
  closeMs: number;
  closeAbs: boolean;
  /** 1: closes the next day; 0: same day; -1: decide per occurrence by comparing instants. */
  nextDay: 1 | 0 | -1;
  /** Local days, relative to the opening date, that an occurrence can cover. */
  minShift: number;
  maxShift: number;
}

/** Rows parsed once, ready for repeated evaluateOpen calls. Treat as opaque. */
export interface CompiledSchedule {
  readonly rows: readonly CompiledRow[];
  readonly defaultZone: Zone;
  readonly holidayHours: HolidayHours;
  /** Extra declared holidays as local day numbers. */
  readonly extraHolidays: ReadonlySet<number> | null;
  /** True when some evaluable row has no valid range, so no future day is out of date. */
  readonly alwaysCovered: boolean;
}
