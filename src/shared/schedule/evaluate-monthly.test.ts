import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchedule, evaluateOpen } from './index.ts';
import type { OpenState, ScheduleRow } from './index.ts';

/** Evaluates at a SAST wall time; holidays are known open so only the rule is under test. */
const at = (rows: ScheduleRow[], wall: string): OpenState =>
  evaluateOpen(compileSchedule(rows, { defaultZone: 'Africa/Johannesburg', holidayHours: 'open' }), Date.parse(`${wall}+02:00`));
const monthly = (fields: ScheduleRow): ScheduleRow => ({ freq: 'MONTHLY', opens_at: '09:00', closes_at: '13:00', ...fields });
/** Days of a month (1-based) the row is open at 10:00. */
function openDays(row: ScheduleRow, month: string, days: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= days; d++) {
    if (at([row], `${month}-${String(d).padStart(2, '0')}T10:00`).open) out.push(d);
  }
  return out;
}

test('1SA: the first Saturday of each month', () => {
  assert.deepEqual(openDays(monthly({ byday: '1SA' }), '2026-12', 31), [5]);
  assert.deepEqual(openDays(monthly({ byday: '1SA' }), '2026-01', 31), [3]);
});

test('next_open for a monthly row crosses the month boundary', () => {
  const s = at([monthly({ byday: '1SA' })], '2026-01-10T10:00');
  assert.equal(s.open, false);
  assert.equal(s.next_open, '2026-02-07T09:00:00+02:00');
});

test('-1FR: the last Friday, whether it is the 4th or the 5th of the month', () => {
  const row = monthly({ byday: '-1FR' });
  assert.deepEqual(openDays(row, '2026-01', 31), [30]); // five Fridays: 2, 9, 16, 23, 30
  assert.deepEqual(openDays(row, '2026-02', 28), [27]); // four Fridays
  assert.deepEqual(openDays(monthly({ byday: '4FR' }), '2026-01', 31), [23]);
});

test('several ordinals and plain weekdays under MONTHLY', () => {
  assert.deepEqual(openDays(monthly({ byday: '2TU,4TU' }), '2026-12', 31), [8, 22]);
  assert.deepEqual(openDays(monthly({ byday: 'MO' }), '2026-12', 31), [7, 14, 21, 28]);
  assert.deepEqual(openDays(monthly({ byday: '-2FR' }), '2026-01', 31), [23]);
});

test('negative month days count from the end: -1 in leap and non-leap February, -2', () => {
  assert.deepEqual(openDays(monthly({ bymonthday: '-1' }), '2024-02', 29), [29]);
  assert.deepEqual(openDays(monthly({ bymonthday: '-1' }), '2026-02', 28), [28]);
  assert.deepEqual(openDays(monthly({ bymonthday: '-2' }), '2026-02', 28), [27]);
  assert.deepEqual(openDays(monthly({ bymonthday: '-2' }), '2024-02', 29), [28]);
  assert.deepEqual(openDays(monthly({ bymonthday: '1,15,-1' }), '2026-04', 30), [1, 15, 30]);
});

test('bymonthday and byday together select days satisfying both (Friday the 13th)', () => {
  const row = monthly({ byday: 'FR', bymonthday: '13' });
  assert.deepEqual(openDays(row, '2026-02', 28), [13]);
  assert.deepEqual(openDays(row, '2026-01', 31), []); // 13 January 2026 is a Tuesday
  assert.equal(at([row], '2026-01-13T10:00').next_open, '2026-02-13T09:00:00+02:00');
});

test('MONTHLY with neither byday nor bymonthday repeats dtstart’s day of month', () => {
  const row = monthly({ dtstart: '2026-01-31' });
  assert.equal(at([row], '2026-03-31T10:00').open, true);
  assert.equal(at([row], '2026-04-30T10:00').open, false); // no 31st: skipped, as in RFC 5545
  assert.equal(at([row], '2026-01-30T10:00').open, false);
});

test('interval counts months from dtstart’s month', () => {
  const row = monthly({ byday: '1SA', interval: 2, dtstart: '2026-01-01' });
  assert.equal(at([row], '2026-01-03T10:00').open, true);
  assert.equal(at([row], '2026-02-07T10:00').open, false);
  assert.equal(at([row], '2026-03-07T10:00').open, true);
  assert.equal(at([row], '2026-01-03T14:00').next_open, null); // 7 March is beyond 35 days
});

test('count on a monthly row ends it after the count-th month', () => {
  const row = monthly({ byday: '-1FR', dtstart: '2026-01-01', count: 2 });
  assert.equal(at([row], '2026-02-27T10:00').open, true);
  assert.equal(at([row], '2026-03-27T10:00').open, false);
  assert.equal(at([row], '2026-03-27T10:00').reason, 'closed');
});
