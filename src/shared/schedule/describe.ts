/** Plain-English hours for a service page, one schedule row at a time. */
import { formatLocalDate, getWeekday, pad2, parseLocalDate } from './dates.ts';
import { findRowProblems } from './compile.ts';
import { parseByDay, parseMonthDays, parseTime, readNumber, readText } from './fields.ts';
import type { TimeOfDay } from './fields.ts';
import type { ByDay, ScheduleRow } from './types.ts';
import { getZone } from './zone.ts';

/** Short weekday names, Monday first. */
export const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const WEEKDAY_LONG = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth'];
const DAY_MS = 86_400_000;

/** `Mon–Fri`, `Mon, Wed, Fri`, `Mon–Wed, Sat`; `Every day` for all seven unless `plain`. */
export function describeWeekdays(days: readonly number[], plain = false): string {
  const set = [...new Set(days)].sort((a, b) => a - b);
  if (set.length === 7 && !plain) return 'Every day';
  const parts: string[] = [];
  for (let i = 0; i < set.length;) {
    let j = i;
    while (j + 1 < set.length && set[j + 1] === set[j]! + 1) j++;
    const a = WEEKDAY_SHORT[set[i]!]!;
    const b = WEEKDAY_SHORT[set[j]!]!;
    if (j === i) parts.push(a);
    else parts.push(j === i + 1 ? `${a}, ${b}` : `${a}–${b}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function describeMonthDay(n: number): string {
  if (n === -1) return 'last day';
  if (n < 0) return `${ordinalSuffix(-n)}-last day`;
  return ordinalSuffix(n);
}

function ordinalSuffix(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function describeOrdinal(n: number): string {
  if (n === 0) return 'every';
  if (n === -1) return 'last';
  return n > 0 ? ORDINALS[n]! : `${ORDINALS[-n]!}-last`;
}

/** `First Saturday`, `Second and fourth Tuesday`, `Every Monday and last Friday`. */
function describeMonthlyByDay(byday: readonly ByDay[]): string {
  const groups = new Map<number, number[]>();
  for (const b of byday) groups.set(b.weekday, [...(groups.get(b.weekday) ?? []), b.ordinal]);
  const phrases = [...groups].map(([wd, ords]) => `${joinWords(ords.map(describeOrdinal))} ${WEEKDAY_LONG[wd]}`);
  const text = joinWords(phrases);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeMonthly(row: ScheduleRow, dtstart: number | null): string {
  const byday = readText(row.byday) === null ? null : parseByDay(readText(row.byday)!);
  let monthdays = readText(row.bymonthday) === null ? null : parseMonthDays(readText(row.bymonthday)!);
  if (!byday && !monthdays && dtstart !== null) monthdays = [Number(formatLocalDate(dtstart).slice(8))];
  const dayText = monthdays ? `the ${joinWords(monthdays.map(describeMonthDay))}` : '';
  if (!byday) return `On ${dayText} of the month`;
  const head = describeMonthlyByDay(byday);
  return dayText ? `${head} when it is ${dayText} of the month` : `${head} of the month`;
}

function describeDays(row: ScheduleRow, interval: number): string {
  const freq = readText(row.freq)?.toUpperCase() ?? null;
  const dtstart = readText(row.dtstart) === null ? null : parseLocalDate(readText(row.dtstart)!);
  if (freq === null) return `${WEEKDAY_SHORT[getWeekday(dtstart!)]} ${formatLocalDate(dtstart!)}`;
  if (freq === 'MONTHLY') {
    const text = describeMonthly(row, dtstart);
    return interval > 1 ? `${text}, every ${interval} months` : text;
  }
  const byday = readText(row.byday);
  const days = byday === null ? [getWeekday(dtstart!)] : parseByDay(byday)!.map((b) => b.weekday);
  return interval > 1 ? `Every ${interval} weeks on ${describeWeekdays(days, true)}` : describeWeekdays(days);
}

function formatClock(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const hm = `${pad2(Math.floor(secs / 3600) % 24)}:${pad2(Math.floor(secs / 60) % 60)}`;
  return secs % 60 === 0 ? hm : `${hm}:${pad2(secs % 60)}`;
}

function formatOffset(ms: number): string {
  if (ms === 0) return 'UTC';
  const min = Math.abs(ms) / 60_000;
  return `UTC${ms < 0 ? '-' : '+'}${pad2(Math.floor(min / 60))}:${pad2(min % 60)}`;
}

/** A time as a clock; its own offset is shown only when it differs from the row's local offset. */
function describeTime(t: TimeOfDay, closing: boolean, rowOffsetMs: number | null): string {
  const clock = closing && t.ms === DAY_MS ? 'midnight' : formatClock(t.ms);
  return t.offsetMs === null || t.offsetMs === rowOffsetMs ? clock : `${clock} ${formatOffset(t.offsetMs)}`;
}

/** True when the zone is at this offset in both January and July (so the label adds nothing). */
function isZoneAtOffset(zoneName: string, offsetMs: number): boolean {
  const zone = getZone(zoneName);
  return zone.getOffset(Date.UTC(2025, 0, 15)) === offsetMs && zone.getOffset(Date.UTC(2025, 6, 15)) === offsetMs;
}

/** The row's days and times, plus parenthetical notes ('next day', a timezone label). */
function describeHours(row: ScheduleRow, days: string, defaultZone: string | undefined): [string, string[]] {
  const opens = parseTime(readText(row.opens_at)!, false)!;
  const closes = parseTime(readText(row.closes_at)!, true)!;
  const tz = readNumber(row.timezone);
  const tzMs = tz === null ? null : Math.round(tz * 60) * 60_000;
  const notes = tzMs === null || (defaultZone && isZoneAtOffset(defaultZone, tzMs)) ? [] : [formatOffset(tzMs)];
  const sameClock = opens.offsetMs === closes.offsetMs;
  if (sameClock && opens.ms === 0 && (closes.ms === DAY_MS || closes.ms === 0)) {
    return [days === 'Every day' ? 'Open 24 hours' : `${days}, open 24 hours`, notes];
  }
  if (sameClock && closes.ms <= opens.ms) notes.unshift('next day');
  // Harbour's own output qualifies every time with the row's offset ("08:00+02:00"): say it once.
  const rowOffsetMs =
    tzMs ??
    (defaultZone && isZoneAtOffset(defaultZone, getZone(defaultZone).getOffset(Date.UTC(2025, 0, 15)))
      ? getZone(defaultZone).getOffset(Date.UTC(2025, 0, 15))
      : null);
  return [`${days} ${describeTime(opens, false, rowOffsetMs)}–${describeTime(closes, true, rowOffsetMs)}`, notes];
}

function describeBounds(row: ScheduleRow, recurring: boolean): string[] {
  const date = (v: string | null | undefined): string | null => {
    const text = readText(v);
    const day = text === null ? null : parseLocalDate(text);
    return day === null ? null : formatLocalDate(day);
  };
  const parts: string[] = [];
  const from = recurring ? date(row.dtstart) : null;
  const until = recurring ? date(row.until) : null;
  const count = recurring ? readNumber(row.count) : null;
  const span = [from && `from ${from}`, until && `until ${until}`].filter(Boolean).join(' ');
  if (span) parts.push(span);
  if (count !== null) parts.push(count === 1 ? 'once' : `${count} times`);
  const vf = date(row.valid_from);
  const vt = date(row.valid_to);
  if (vf && vt) parts.push(`hours valid ${vf} to ${vt}`);
  else if (vf) parts.push(`hours valid from ${vf}`);
  else if (vt) parts.push(`hours valid until ${vt}`);
  return parts;
}

/**
 * Plain English for one row: 'Mon–Fri 08:00–16:00', 'First Saturday of the month 09:00–13:00',
 * 'Every 2 weeks on Tue 10:00–14:00 (from 2026-01-06)', 'Open 24 hours'. A row Harbour cannot
 * evaluate reads as its description. `defaultZone` hides a timezone label that matches it.
 */
export function describeRow(row: ScheduleRow, opts?: { defaultZone?: string }): string {
  if (findRowProblems(row).length > 0) return readText(row.description) ?? 'Hours not in a format Harbour reads';
  const interval = readNumber(row.interval) ?? 1;
  const days = describeDays(row, interval);
  const [text, notes] = describeHours(row, days, opts?.defaultZone);
  notes.push(...describeBounds(row, readText(row.freq) !== null));
  return notes.length === 0 ? text : `${text} (${notes.join('; ')})`;
}
