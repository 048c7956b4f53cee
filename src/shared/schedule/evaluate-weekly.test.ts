import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchedule, evaluateOpen } from './index.ts';
import type { CompileOptions, OpenState, ScheduleRow } from './index.ts';

const ZONE = 'Africa/Johannesburg';
const compile = (rows: ScheduleRow[], opts: Partial<CompileOptions> = {}) =>
  compileSchedule(rows, { defaultZone: ZONE, holidayHours: 'open', ...opts });
/** Evaluates at a SAST wall time written `YYYY-MM-DDTHH:MM[:SS]`. */
const at = (rows: ScheduleRow[], wall: string, opts: Partial<CompileOptions> = {}): OpenState =>
  evaluateOpen(compile(rows, opts), Date.parse(`${wall}+02:00`));

const WEEKDAYS: ScheduleRow = { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:00', closes_at: '16:00' };

test('Mon–Fri 08:00–16:00: open inside, closed outside, with open_until and next_open', () => {
  assert.deepEqual(at([WEEKDAYS], '2026-11-27T10:00'), {
    open: true,
    reason: 'open',
    open_until: '2026-11-27T16:00:00+02:00',
    next_open: null,
  });
  assert.deepEqual(at([WEEKDAYS], '2026-11-26T07:59:59'), {
    open: false,
    reason: 'closed',
    open_until: null,
    next_open: '2026-11-26T08:00:00+02:00',
  });
  assert.equal(at([WEEKDAYS], '2026-11-26T08:00').open, true); // opens_at inclusive
  assert.equal(at([WEEKDAYS], '2026-11-26T16:00').open, false); // closes_at exclusive
});

test('next_open crosses the weekend', () => {
  const s = at([WEEKDAYS], '2026-11-27T16:30');
  assert.equal(s.open, false);
  assert.equal(s.next_open, '2026-11-30T08:00:00+02:00');
  assert.equal(at([WEEKDAYS], '2026-11-29T12:00').next_open, '2026-11-30T08:00:00+02:00');
});

test('overnight 22:00–04:00 belongs to the day it opens', () => {
  const fri: ScheduleRow = { freq: 'WEEKLY', byday: 'FR', opens_at: '22:00', closes_at: '04:00' };
  assert.equal(at([fri], '2026-11-27T22:00').open, true); // Friday 22:00 exactly
  const sat1am = at([fri], '2026-11-28T01:00');
  assert.equal(sat1am.open, true);
  assert.equal(sat1am.open_until, '2026-11-28T04:00:00+02:00');
  assert.equal(at([fri], '2026-11-28T04:00').open, false); // 04:00 exactly
  assert.equal(at([fri], '2026-11-28T04:00').next_open, '2026-12-04T22:00:00+02:00');
  assert.equal(at([fri], '2026-11-27T01:00').open, false); // Friday 01:00: Thursday has no window
  const sat: ScheduleRow = { ...fri, byday: 'SA' };
  assert.equal(at([sat], '2026-11-28T01:00').open, false); // Saturday's window opens Saturday night
});

test('closes_at 23:59 means midnight, and touching windows merge across days', () => {
  const eve: ScheduleRow = { freq: 'WEEKLY', byday: 'MO', opens_at: '18:00', closes_at: '23:59' };
  const s = at([eve], '2026-11-30T23:59:30');
  assert.equal(s.open, true);
  assert.equal(s.open_until, '2026-12-01T00:00:00+02:00');
  const early: ScheduleRow = { freq: 'WEEKLY', byday: 'TU', opens_at: '00:00', closes_at: '02:00' };
  assert.equal(at([eve, early], '2026-11-30T20:00').open_until, '2026-12-01T02:00:00+02:00');
  for (const close of ['23:59:00', '23:59:59']) {
    assert.equal(at([{ ...eve, closes_at: close }], '2026-11-30T23:59:59.500').open, true, close);
  }
});

test('00:00–23:59 is all day; every day is open past the look-ahead (open_until null)', () => {
  const weekend: ScheduleRow = { freq: 'WEEKLY', byday: 'SA,SU', opens_at: '00:00', closes_at: '23:59' };
  const s = at([weekend], '2026-11-28T10:00');
  assert.equal(s.open_until, '2026-11-30T00:00:00+02:00');
  const always: ScheduleRow = { ...weekend, byday: 'MO,TU,WE,TH,FR,SA,SU' };
  assert.deepEqual(at([always], '2026-11-28T10:00'), { open: true, reason: 'open', open_until: null, next_open: null });
});

test('overlapping rows merge: open_until is the end of the union', () => {
  const morning: ScheduleRow = { ...WEEKDAYS, opens_at: '08:00', closes_at: '12:00' };
  const day: ScheduleRow = { ...WEEKDAYS, opens_at: '11:00', closes_at: '17:00' };
  const gap: ScheduleRow = { ...WEEKDAYS, opens_at: '17:30', closes_at: '19:00' };
  assert.equal(at([morning, day, gap], '2026-11-27T09:00').open_until, '2026-11-27T17:00:00+02:00');
});

test('fortnightly: interval 2 counted in weeks from dtstart', () => {
  const row: ScheduleRow = {
    freq: 'WEEKLY',
    interval: 2,
    byday: 'TU',
    dtstart: '2026-01-06',
    opens_at: '10:00',
    closes_at: '14:00',
  };
  assert.equal(at([row], '2026-01-06T11:00').open, true);
  assert.equal(at([row], '2026-01-13T11:00').open, false);
  assert.equal(at([row], '2026-01-13T11:00').next_open, '2026-01-20T10:00:00+02:00');
  assert.equal(at([row], '2026-01-20T11:00').open, true);
  assert.equal(at([row], '2025-12-23T11:00').open, false); // before dtstart, although in phase
});

test('fortnightly with wkst: the week boundary decides which Sunday is in phase (RFC 5545)', () => {
  const row = (wkst: string): ScheduleRow => ({
    freq: 'WEEKLY',
    interval: 2,
    byday: 'TU,SU',
    wkst,
    dtstart: '2026-01-06',
    opens_at: '10:00',
    closes_at: '14:00',
  });
  // Weeks from Monday: Tue 6, Sun 11, Tue 20, Sun 25. Weeks from Sunday: Tue 6, Sun 18, Tue 20.
  assert.equal(at([row('MO')], '2026-01-11T11:00').open, true);
  assert.equal(at([row('SU')], '2026-01-11T11:00').open, false);
  assert.equal(at([row('MO')], '2026-01-18T11:00').open, false);
  assert.equal(at([row('SU')], '2026-01-18T11:00').open, true);
  assert.equal(at([row('SU')], '2026-01-20T11:00').open, true);
});

test('WEEKLY with no byday repeats on dtstart’s weekday', () => {
  const row: ScheduleRow = { freq: 'WEEKLY', dtstart: '2026-01-07', opens_at: '09:00', closes_at: '12:00' };
  assert.equal(at([row], '2026-01-14T10:00').open, true); // Wednesday
  assert.equal(at([row], '2026-01-15T10:00').open, false);
});

test('until: the last day is included, the day after is closed (not unknown)', () => {
  const row: ScheduleRow = { ...WEEKDAYS, until: '2026-01-30T00:00:00Z' };
  assert.equal(at([row], '2026-01-30T10:00').open, true);
  assert.equal(at([row], '2026-01-30T10:00').open_until, '2026-01-30T16:00:00+02:00');
  assert.deepEqual(at([row], '2026-02-02T10:00'), { open: false, reason: 'closed', open_until: null, next_open: null });
});

test('count: three occurrences of a weekly row, the fourth is closed', () => {
  const row: ScheduleRow = {
    freq: 'WEEKLY',
    byday: 'MO',
    dtstart: '2026-01-05',
    count: 3,
    opens_at: '09:00',
    closes_at: '12:00',
  };
  assert.equal(at([row], '2026-01-05T10:00').open, true);
  assert.equal(at([row], '2026-01-19T10:00').open, true);
  assert.equal(at([row], '2026-01-12T13:00').next_open, '2026-01-19T09:00:00+02:00');
  assert.equal(at([row], '2026-01-19T13:00').next_open, null);
  assert.deepEqual(at([row], '2026-01-26T10:00'), { open: false, reason: 'closed', open_until: null, next_open: null });
});

test('a row with no freq but a dtstart is one occurrence', () => {
  const row: ScheduleRow = { dtstart: '2026-03-14', opens_at: '09:00', closes_at: '13:00' };
  assert.equal(at([row], '2026-03-14T10:00').open, true);
  assert.equal(at([row], '2026-03-21T10:00').open, false);
  assert.equal(at([row], '2026-03-10T10:00').next_open, '2026-03-14T09:00:00+02:00');
});

test('next_open is null when nothing opens within 35 days, and lookaheadDays widens it', () => {
  const row: ScheduleRow = { dtstart: '2026-03-01', opens_at: '09:00', closes_at: '13:00' };
  const s = compile([row]);
  assert.equal(evaluateOpen(s, Date.parse('2026-01-15T12:00:00+02:00')).next_open, null);
  assert.equal(evaluateOpen(s, Date.parse('2026-02-01T12:00:00+02:00')).next_open, '2026-03-01T09:00:00+02:00');
  const wide = evaluateOpen(s, Date.parse('2026-01-15T12:00:00+02:00'), { lookaheadDays: 60 });
  assert.equal(wide.next_open, '2026-03-01T09:00:00+02:00');
});

test('evaluateOpen accepts a Date and rejects an invalid one', () => {
  const s = compile([WEEKDAYS]);
  assert.equal(evaluateOpen(s, new Date('2026-11-27T10:00:00+02:00')).open, true);
  assert.throws(() => evaluateOpen(s, new Date('nope')), RangeError);
});

test('services with equal rows share work, but never answers for other options', () => {
  const t = Date.parse('2026-11-27T17:00:00+02:00');
  const a = compile([WEEKDAYS]);
  const b = compile([{ ...WEEKDAYS, id: 'other', description: 'same hours' }], { holidayHours: 'closed' });
  const first = evaluateOpen(a, t);
  first.next_open = 'changed';
  assert.equal(evaluateOpen(a, t).next_open, '2026-11-30T08:00:00+02:00');
  assert.equal(evaluateOpen(a, t, { outputZone: 'UTC' }).next_open, '2026-11-30T06:00:00+00:00');
  assert.equal(evaluateOpen(a, t, { lookaheadDays: 1 }).next_open, null);
  assert.equal(evaluateOpen(b, Date.parse('2026-12-25T10:00:00+02:00')).open, false);
  assert.equal(evaluateOpen(compile([WEEKDAYS], { holidayHours: null }), Date.parse('2026-12-25T10:00:00+02:00')).open, null);
});

test('performance: 100,000 evaluations of a Mon–Fri row', () => {
  const s = compile([WEEKDAYS], { holidayHours: null });
  const start = Date.parse('2026-11-23T00:00:00+02:00');
  let open = 0;
  const t0 = performance.now();
  for (let i = 0; i < 100_000; i++) if (evaluateOpen(s, start + (i % 1008) * 600_000).open) open++;
  const ms = performance.now() - t0;
  assert.ok(open > 0 && open < 100_000);
  assert.ok(ms < 2000, `took ${ms} ms`);
});
