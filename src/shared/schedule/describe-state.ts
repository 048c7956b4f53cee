/** Plain-English open state for a listing: 'Open until 16:00', 'Opens Mon 08:00'. */
import { DAY_MS, getWeekday, pad2, toYmd } from './dates.ts';
import { WEEKDAY_SHORT } from './describe.ts';
import type { OpenState } from './types.ts';
import { getLocalDay, getZone } from './zone.ts';
import type { Zone } from './zone.ts';

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The local time of an RFC 3339 instant relative to `now`: '16:00' today, 'Tue 04:00' within the
 * week, 'Tue 9 Dec 04:00' beyond it (a bare weekday would be ambiguous), 'midnight' for a close
 * at the start of tomorrow.
 */
function describeWhen(iso: string, now: number, zone: Zone, closing: boolean): string {
  const ms = Date.parse(iso);
  const local = ms + zone.getOffset(ms);
  const day = Math.floor(local / DAY_MS);
  const mins = Math.floor((local - day * DAY_MS) / 60_000);
  const clock = `${pad2(Math.floor(mins / 60))}:${pad2(mins % 60)}`;
  const today = getLocalDay(zone, now);
  if (day === today) return clock;
  if (closing && mins === 0 && day === today + 1) return 'midnight';
  const weekday = WEEKDAY_SHORT[getWeekday(day)]!;
  if (day > today && day - today < 7) return `${weekday} ${clock}`;
  const ymd = toYmd(day);
  return `${weekday} ${ymd % 100} ${MONTHS_SHORT[(Math.floor(ymd / 100) % 100) - 1]!} ${clock}`;
}

/**
 * One line for an open state, times in `zone`: 'Open until 16:00', 'Open until Tue 04:00',
 * 'Opens 08:00' (today), 'Opens Mon 08:00', 'Open 24 hours', 'Closed', 'Hours unknown',
 * 'Hours out of date', 'Public holiday: hours unknown'.
 */
export function describeOpenState(s: OpenState, now: Date | number, zone: string): string {
  const t = typeof now === 'number' ? now : now.getTime();
  const z = getZone(zone);
  switch (s.reason) {
    case 'open':
      return s.open_until === null ? 'Open 24 hours' : `Open until ${describeWhen(s.open_until, t, z, true)}`;
    case 'closed':
      return s.next_open === null ? 'Closed' : `Opens ${describeWhen(s.next_open, t, z, false)}`;
    case 'out_of_date':
      return 'Hours out of date';
    case 'holiday_unknown':
      return 'Public holiday: hours unknown';
    default:
      return 'Hours unknown';
  }
}
