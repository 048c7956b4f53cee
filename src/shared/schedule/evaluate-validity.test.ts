import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchedule, evaluateOpen } from './index.ts';
import type { OpenState, ScheduleRow } from './index.ts';

const at = (rows: ScheduleRow[], wall: string): OpenState =>
  evaluateOpen(compileSchedule(rows, { defaultZone: 'Africa/Johannesburg', holidayHours: 'open' }), Date.parse(`${wall}+02:00`));
const WEEKDAYS: ScheduleRow = { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:00', closes_at: '16:00' };
const H1: ScheduleRow = { ...WEEKDAYS, valid_from: '2026-01-01', valid_to: '2026-06-30' };
const H2: ScheduleRow = { ...WEEKDAYS, opens_at: '09:00', closes_at: '13:00', valid_from: '2026-07-01' };

test('no rows: unknown, no_schedule', () => {
  assert.deepEqual(at([], '2026-03-02T10:00'), { open: null, reason: 'no_schedule', open_until: null, next_open: null });
});

test('valid range: in range is evaluated; before and after are out of date (null, not closed)', () => {
  assert.equal(at([H1], '2026-03-02T10:00').open, true);
  assert.equal(at([H1], '2026-01-01T10:00').open, true); // valid_from inclusive
  assert.equal(at([H1], '2026-06-30T10:00').open, true); // valid_to inclusive
  for (const wall of ['2025-12-31T10:00', '2026-07-01T10:00']) {
    assert.deepEqual(at([H1], wall), { open: null, reason: 'out_of_date', open_until: null, next_open: null });
  }
});

test('one of two rows out of range: only the other is used', () => {
  const july = at([H1, H2], '2026-07-01T08:30');
  assert.equal(july.open, false);
  assert.equal(july.next_open, '2026-07-01T09:00:00+02:00');
  assert.equal(at([H1, H2], '2026-06-30T15:00').open_until, '2026-06-30T16:00:00+02:00');
});

test('next_open judges valid ranges on the occurrence’s own date', () => {
  assert.equal(at([H1, H2], '2026-06-30T17:00').next_open, '2026-07-01T09:00:00+02:00');
  assert.equal(at([H1], '2026-06-30T17:00').next_open, null);
});

test('next_open is withheld when the hours go out of date before it', () => {
  const later: ScheduleRow = { ...H2, valid_from: '2026-07-06' };
  const s = at([H1, later], '2026-06-30T17:00');
  assert.equal(s.open, false);
  assert.equal(s.next_open, null); // 1–5 July is unknown: the service might open then
});

test('unsupported fields make the answer unknown', () => {
  const cases: ScheduleRow[] = [
    { ...WEEKDAYS, byweekno: '1' },
    { ...WEEKDAYS, byyearday: '100' },
    { byday: 'MO', opens_at: '08:00', closes_at: '16:00' },
    { bymonthday: '1', dtstart: '2026-01-01', opens_at: '08:00', closes_at: '16:00' },
    { ...WEEKDAYS, interval: 2 },
    { ...WEEKDAYS, count: 3 },
    { ...WEEKDAYS, freq: 'DAILY' },
    { ...WEEKDAYS, opens_at: '25:00' },
    { ...WEEKDAYS, byday: 'MONDAY' },
    { ...WEEKDAYS, timezone: 'two' },
    { ...WEEKDAYS, opens_at: null, closes_at: null, description: 'Ring for hours' },
    { ...WEEKDAYS, closes_at: null },
    { opens_at: '08:00', closes_at: '16:00' },
    { ...WEEKDAYS, dtstart: '2026-02-30' },
  ];
  for (const row of cases) {
    assert.deepEqual(
      at([row], '2026-03-02T10:00'),
      { open: null, reason: 'unsupported', open_until: null, next_open: null },
      JSON.stringify(row),
    );
  }
});

test('one unsupported row in range spoils the rest; out of range it is ignored', () => {
  const bad: ScheduleRow = { ...WEEKDAYS, byweekno: '1' };
  assert.equal(at([WEEKDAYS, bad], '2026-03-02T10:00').reason, 'unsupported');
  assert.equal(at([WEEKDAYS, { ...bad, valid_to: '2025-12-31' }], '2026-03-02T10:00').open, true);
});

test('next_open is withheld when an unsupported row comes into range first', () => {
  const bad: ScheduleRow = { ...WEEKDAYS, byweekno: '1', valid_from: '2026-03-03' };
  assert.equal(at([WEEKDAYS, bad], '2026-03-02T17:00').next_open, null);
  assert.equal(at([WEEKDAYS, { ...bad, valid_from: '2026-03-10' }], '2026-03-02T17:00').next_open, '2026-03-03T08:00:00+02:00');
});

test('a row whose range cannot be read counts as in range (so unknown, never ignored)', () => {
  assert.equal(at([{ ...WEEKDAYS, valid_to: 'soon' }], '2026-03-02T10:00').reason, 'unsupported');
});

test('lowercase values and numeric strings from CSV are read', () => {
  const row: ScheduleRow = {
    freq: 'weekly',
    byday: 'tu',
    interval: '2',
    dtstart: '2026-01-06',
    opens_at: '10:00',
    closes_at: '14:00',
  };
  assert.equal(at([row], '2026-01-20T11:00').open, true);
  assert.equal(at([row], '2026-01-13T11:00').open, false);
});
