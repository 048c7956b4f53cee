// Property test: evaluateOpen against a slow, obvious reference (Date.UTC calendar, Intl offsets
// read afresh, every occurrence listed), on random weekly and monthly rows around DST changes,
// holidays and valid-range edges. It catches caching, day-shift and boundary mistakes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPublicHolidayZA } from '../holidays-za.ts';
import { compileSchedule, evaluateOpen, isOpenAt, stableUntil } from './index.ts';
import type { HolidayHours, ScheduleRow } from './index.ts';

const DAY = 86_400_000;
const H = 3_600_000;
const CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

const formats = new Map<string, Intl.DateTimeFormat>();
function intlOffset(zone: string, ms: number): number {
  if (!formats.has(zone)) formats.set(zone, new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }));
  const name = formats
    .get(zone)!
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name)!;
  return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * H + Number(m[3]) * 60_000) : 0;
}

type Tz = string | number;
const offsetOf = (tz: Tz, ms: number): number => (typeof tz === 'number' ? tz : intlOffset(tz, ms));
const dateOf = (tz: Tz, ms: number): number => Math.floor((ms + offsetOf(tz, ms)) / DAY) * DAY;

function wallToUtc(tz: Tz, local: number): number {
  if (typeof tz === 'number') return local - tz;
  const a = intlOffset(tz, local - DAY);
  const b = intlOffset(tz, local + DAY);
  const valid = [local - a, local - b].filter((u, i) => intlOffset(tz, u) === (i === 0 ? a : b));
  return valid.length > 0 ? Math.min(...valid) : local - a;
}

const iso = (dayMs: number): string => new Date(dayMs).toISOString().slice(0, 10);
const utcDay = (s: string): number => Date.parse(`${s}T00:00:00Z`);
const clock = (s: string, closing: boolean): number => {
  if (closing && s.startsWith('23:59')) return DAY;
  return Number(s.slice(0, 2)) * H + Number(s.slice(3, 5)) * 60_000;
};

function matchesRule(row: ScheduleRow, day: number): boolean {
  const d = new Date(day);
  const wd = (d.getUTCDay() + 6) % 7;
  const start = row.dtstart ? utcDay(row.dtstart) : null;
  const interval = Number(row.interval ?? 1);
  const byday = row.byday ? row.byday.split(',') : [];
  if (row.freq === 'WEEKLY') {
    if (!byday.includes(CODES[wd]!)) return false;
    const wkst = CODES.indexOf(row.wkst ?? 'MO');
    const weekStart = (x: number): number => x - ((((new Date(x).getUTCDay() + 6) % 7) - wkst + 7) % 7) * DAY;
    return start === null || Math.round((weekStart(day) - weekStart(start)) / (7 * DAY)) % interval === 0;
  }
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const dom = d.getUTCDate();
  if (start !== null && (y * 12 + m - new Date(start).getUTCFullYear() * 12 - new Date(start).getUTCMonth()) % interval !== 0)
    return false;
  const dim = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const mdays = row.bymonthday ? row.bymonthday.split(',').map(Number) : [];
  if (byday.length === 0 && mdays.length === 0) mdays.push(new Date(start!).getUTCDate());
  if (mdays.length > 0 && !mdays.some((v) => (v > 0 ? v === dom : dim + 1 + v === dom))) return false;
  return (
    byday.length === 0 ||
    byday.some((b) => {
      const n = b.length > 2 ? Number(b.slice(0, -2)) : 0;
      if (b.slice(-2) !== CODES[wd]) return false;
      return n === 0 || (n > 0 ? Math.ceil(dom / 7) === n : Math.floor((dim - dom) / 7) + 1 === -n);
    })
  );
}

interface Occurrence {
  open: number;
  close: number;
  row: number;
  day: number;
  holiday: boolean;
}

function listOccurrences(rows: ScheduleRow[], zone: string, from: number, to: number): Occurrence[] {
  const out: Occurrence[] = [];
  rows.forEach((row, i) => {
    const tz: Tz = row.timezone === undefined ? zone : Number(row.timezone) * H;
    const first = row.dtstart ? utcDay(row.dtstart) : from;
    let seen = 0;
    for (let day = Math.min(first, from); day <= to; day += DAY) {
      if (day < first || (row.until && day > utcDay(row.until)) || !matchesRule(row, day)) continue;
      if (row.count !== undefined && ++seen > Number(row.count)) break;
      if (day < from) continue;
      // A time ending in Z is that UTC instant on the date; otherwise it is wall time in the row zone.
      const instant = (s: string, date: number, closing: boolean): number =>
        s.endsWith('Z') ? date + clock(s, closing) : wallToUtc(tz, date + clock(s, closing));
      const [o, c] = [row.opens_at!, row.closes_at!];
      const open = instant(o, day, false);
      let close = instant(c, day, true);
      if (!o.endsWith('Z') && !c.endsWith('Z')) {
        if (clock(c, true) <= clock(o, false)) close = instant(c, day + DAY, true);
      } else if (close <= open) close = instant(c, day + DAY, true);
      const [y, m, d] = iso(day).split('-').map(Number) as [number, number, number];
      if (close > open) out.push({ open, close, row: i, day, holiday: isPublicHolidayZA(y, m, d) });
    }
  });
  return out;
}

const rowTz = (row: ScheduleRow, zone: string): Tz => (row.timezone === undefined ? zone : Number(row.timezone) * H);
function inRangeOn(row: ScheduleRow, day: number): boolean {
  return (!row.valid_from || iso(day) >= row.valid_from) && (!row.valid_to || iso(day) <= row.valid_to);
}

function evaluateReference(rows: ScheduleRow[], zone: string, hh: HolidayHours, t: number) {
  const inRangeAt = (i: number, x: number): boolean => inRangeOn(rows[i]!, dateOf(rowTz(rows[i]!, zone), x));
  if (!rows.some((_, i) => inRangeAt(i, t))) return { open: null, reason: 'out_of_date' };
  const all = listOccurrences(rows, zone, dateOf('UTC', t) - 3 * DAY, dateOf('UTC', t) + 39 * DAY);
  const known = all.filter((o) => hh === 'open' || !o.holiday);
  const containing = (x: number): Occurrence[] => known.filter((o) => o.open <= x && x < o.close && inRangeAt(o.row, x));
  const horizon = t + 35 * DAY;
  if (containing(t).length > 0) {
    let end = Math.max(...containing(t).map((o) => o.close));
    while (end <= horizon && containing(end).length > 0) end = Math.max(...containing(end).map((o) => o.close));
    return { open: true, reason: 'open', until: end > horizon ? null : end };
  }
  const unknownHit = all.some((o) => o.holiday && o.open <= t && t < o.close && inRangeAt(o.row, t));
  const [y, m, d] = iso(dateOf(zone, t)).split('-').map(Number) as [number, number, number];
  if (hh === null && (unknownHit || isPublicHolidayZA(y, m, d))) return { open: null, reason: 'holiday_unknown' };
  const opens = known.filter((o) => o.open > t && o.open <= horizon && inRangeOn(rows[o.row]!, o.day)).map((o) => o.open);
  let next = opens.length > 0 ? Math.min(...opens) : null;
  // Withheld when no row is in range somewhere before it; such a stretch starts at t or a range end.
  const ends = rows.filter((r) => r.valid_to).map((r) => wallToUtc(rowTz(r, zone), utcDay(r.valid_to!) + DAY));
  for (const x of [t, ...ends]) {
    if (next !== null && x >= t && x < next && !rows.some((_, i) => inRangeAt(i, x))) next = null;
  }
  return { open: false, reason: 'closed', next };
}

const TIMES = [
  '00:00',
  '01:30',
  '02:30',
  '04:00',
  '08:00',
  '09:30',
  '12:00',
  '16:00',
  '22:00',
  '23:59',
  '06:00Z',
  '21:30Z',
  '23:59Z',
];
const BASES = ['2026-04-01', '2026-09-02', '2026-03-22', '2026-10-18', '2026-12-20', '2026-06-10', '2027-03-21'];
/** Present one time in four, so most rows are plain. */
const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });
const join = (a: string[]): string => a.join(',');

function rowArb(base: string): fc.Arbitrary<ScheduleRow> {
  const near = fc.integer({ min: -25, max: 30 }).map((k) => iso(utcDay(base) + k * DAY));
  const weekly = fc.record({
    freq: fc.constant('WEEKLY'),
    byday: fc.subarray(CODES, { minLength: 1 }).map(join),
    interval: fc.constantFrom(1, 2, 3),
    wkst: fc.constantFrom('MO', 'SU', 'WE'),
  });
  const monthly = fc.record({
    freq: fc.constant('MONTHLY'),
    byday: opt(fc.subarray(['1SA', '-1FR', '2TU', '4TU', 'MO', '5FR', '-2WE'], { minLength: 1 }).map(join)),
    bymonthday: opt(fc.subarray(['1', '15', '-1', '-2', '31', '13'], { minLength: 1 }).map(join)),
    interval: fc.constantFrom(1, 2),
  });
  const common = fc.record({
    opens_at: fc.constantFrom(...TIMES),
    closes_at: fc.constantFrom(...TIMES),
    timezone: fc.constantFrom(undefined, undefined, 0, 5.5, -3),
    dtstart: opt(near),
    until: opt(near),
    count: opt(fc.integer({ min: 1, max: 6 })),
    valid_from: opt(near),
    valid_to: opt(near),
  });
  return fc.tuple(fc.oneof(weekly, monthly), common, near).map(([rule, rest, start]): ScheduleRow => {
    const row: ScheduleRow = { ...rule, ...rest };
    const needsStart = Number(row.interval) > 1 || row.count !== undefined || (!row.byday && !row.bymonthday);
    if (needsStart && !row.dtstart) row.dtstart = start;
    return row;
  });
}

test('evaluateOpen and isOpenAt agree with the reference on random rows, zones, holidays and instants', () => {
  const cases = fc.constantFrom(...BASES).chain((base) =>
    fc.record({
      rows: fc.array(rowArb(base), { minLength: 1, maxLength: 3 }),
      t: fc.integer({ min: 0, max: 20 * 96 }).map((k) => utcDay(base) - 2 * H + k * 15 * 60_000),
      zone: fc.constantFrom('Africa/Johannesburg', 'Europe/London', 'America/Santiago'),
      hh: fc.constantFrom<HolidayHours>('open', 'closed', null),
    }),
  );
  const ms = (s: string | null): number | null => (s === null ? null : Date.parse(s));
  fc.assert(
    fc.property(cases, ({ rows, t, zone, hh }) => {
      const compiled = compileSchedule(rows, { defaultZone: zone, holidayHours: hh });
      const got = evaluateOpen(compiled, t);
      const want = evaluateReference(rows, zone, hh, t);
      assert.equal(got.reason, want.reason);
      assert.equal(got.open, want.open);
      // The search's filter asks only for the boolean: it must never differ.
      assert.equal(isOpenAt(compiled, t), want.open);
      if (want.reason === 'open') assert.equal(ms(got.open_until), want.until);
      if (want.reason === 'closed') assert.equal(ms(got.next_open), want.next);
    }),
    { numRuns: 600, seed: 20_261_127 },
  );
});

test('isOpenAt keeps its answer over the whole stretch stableUntil promises', () => {
  const cases = fc.constantFrom(...BASES).chain((base) =>
    fc.record({
      rows: fc.array(rowArb(base), { minLength: 1, maxLength: 3 }),
      // Any millisecond around the base day, not only whole quarter hours.
      t: fc.integer({ min: 0, max: 20 * DAY }).map((k) => utcDay(base) - 2 * H + k),
      zone: fc.constantFrom('Africa/Johannesburg', 'Europe/London', 'America/Santiago'),
      hh: fc.constantFrom<HolidayHours>('open', 'closed', null),
      probes: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 8 }),
    }),
  );
  fc.assert(
    fc.property(cases, ({ rows, t, zone, hh, probes }) => {
      const compiled = compileSchedule(rows, { defaultZone: zone, holidayHours: hh });
      const until = stableUntil(compiled, t);
      assert.ok(until > t && until <= t + H, `stable until ${until - t} ms after t`);
      const want = evaluateReference(rows, zone, hh, t).open;
      // The last instant of the stretch, and random ones inside it, against the slow reference.
      for (const x of [until - 1, ...probes.map((f) => t + Math.floor(f * (until - t)))]) {
        assert.equal(evaluateReference(rows, zone, hh, x).open, want, `at t + ${x - t} ms (stable until t + ${until - t})`);
      }
    }),
    { numRuns: 600, seed: 20_261_128 },
  );
});

test('stableUntil promises nothing across a daylight-saving change, where wall times move', () => {
  // Windows touching the spring-forward gap (and the autumn repeated hour) in three zones.
  const on = (byday: string, opens_at: string, closes_at: string): ScheduleRow[] => [
    { freq: 'WEEKLY', byday, opens_at, closes_at },
  ];
  const cases: { zone: string; day: string; rows: ScheduleRow[] }[] = [
    { zone: 'America/New_York', day: '2026-03-08', rows: on('SU', '01:00', '02:30') },
    { zone: 'America/New_York', day: '2026-03-08', rows: on('SU', '02:30', '04:00') },
    { zone: 'Europe/Berlin', day: '2026-03-29', rows: on('SU', '02:15', '05:00') },
    { zone: 'Europe/Berlin', day: '2026-10-25', rows: on('SU', '02:30', '02:45') },
    { zone: 'America/Santiago', day: '2026-09-06', rows: on('SU', '00:00', '00:30') },
    { zone: 'America/Santiago', day: '2026-09-06', rows: on('SA', '22:00', '00:20') },
  ];
  for (const { zone, day, rows } of cases) {
    const compiled = compileSchedule(rows, { defaultZone: zone, holidayHours: 'open' });
    for (let t = utcDay(day) - DAY; t < utcDay(day) + 2 * DAY; t += 7 * 60_000 + 13_337) {
      const until = stableUntil(compiled, t);
      const want = evaluateReference(rows, zone, 'open', t).open;
      for (const x of [until - 1, t + Math.floor((until - t) / 2)]) {
        assert.equal(
          evaluateReference(rows, zone, 'open', x).open,
          want,
          `${zone} ${JSON.stringify(rows)}: at ${new Date(x).toISOString()}, promised from ${new Date(t).toISOString()}`,
        );
      }
    }
  }
});
