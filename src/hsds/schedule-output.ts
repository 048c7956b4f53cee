import { getZone } from '../shared/schedule/zone.ts';
import type { Json } from './model.ts';

const OFFSET_RE = /(Z|z|[+-]\d{2}:?\d{2})$/;

function offsetText(hours: number): string {
  const minutes = Math.round(hours * 60);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A schedule row as Harbour writes it: always a `timezone`, and times qualified with their offset,
 * so nobody has to guess (HSDS reads unqualified times as UTC; Harbour reads them in
 * HARBOUR_TIMEZONE). The instants are unchanged. For a zone with daylight saving the offset is the
 * one in force on the row's dtstart (or now), which is the best a single HSDS offset can say.
 */
export function qualifySchedule(row: Json, zoneName: string, now: Date = new Date()): Json {
  let hours = typeof row.timezone === 'number' ? row.timezone : null;
  if (hours === null) {
    const at =
      typeof row.dtstart === 'string' && Number.isFinite(Date.parse(row.dtstart)) ? Date.parse(row.dtstart) : now.getTime();
    hours = getZone(zoneName).getOffset(at) / 3_600_000;
  }
  const out: Json = { ...row, timezone: hours };
  for (const field of ['opens_at', 'closes_at']) {
    const value = row[field];
    if (typeof value === 'string' && value.trim() !== '' && !OFFSET_RE.test(value.trim()))
      out[field] = `${value.trim()}${offsetText(hours)}`;
  }
  return out;
}
