import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchedule, evaluateOpen } from './index.ts';
import type { HolidayHours, OpenState, ScheduleRow } from './index.ts';

const at = (rows: ScheduleRow[], wall: string, holidayHours: HolidayHours, extraHolidays?: string[]): OpenState =>
  evaluateOpen(
    compileSchedule(rows, { defaultZone: 'Africa/Johannesburg', holidayHours, extraHolidays }),
    Date.parse(`${wall}+02:00`),
  );
const WEEKDAYS: ScheduleRow = { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:00', closes_at: '16:00' };
const NIGHTS: ScheduleRow = { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '22:00', closes_at: '04:00' };

test('Christmas 2026 (a Friday): closed → false, open → true, unknown → null', () => {
  const closed = at([WEEKDAYS], '2026-12-25T10:00', 'closed');
  assert.equal(closed.open, false);
  assert.equal(closed.next_open, '2026-12-28T08:00:00+02:00');
  assert.equal(at([WEEKDAYS], '2026-12-25T10:00', 'open').open, true);
  assert.deepEqual(at([WEEKDAYS], '2026-12-25T10:00', null), {
    open: null,
    reason: 'holiday_unknown',
    open_until: null,
    next_open: null,
  });
});

test('Heritage Day 2027 and the Monday after a Sunday holiday (2 January 2023)', () => {
  assert.equal(at([WEEKDAYS], '2027-09-24T10:00', 'closed').open, false);
  assert.equal(at([WEEKDAYS], '2027-09-24T10:00', null).reason, 'holiday_unknown');
  assert.equal(at([WEEKDAYS], '2027-09-23T10:00', 'closed').open, true);
  assert.equal(at([WEEKDAYS], '2023-01-02T10:00', 'closed').open, false);
  assert.equal(at([WEEKDAYS], '2023-01-03T10:00', 'closed').open, true);
});

test('a holiday with no window is still unknown when holiday hours are unknown', () => {
  assert.equal(at([WEEKDAYS], '2026-12-26T10:00', null).reason, 'holiday_unknown'); // Saturday
  assert.equal(at([WEEKDAYS], '2026-12-26T10:00', 'closed').open, false);
});

test('the overnight window that opens 24 Dec stays open into 25 Dec', () => {
  for (const hh of ['closed', 'open', null] as const) {
    assert.equal(at([NIGHTS], '2026-12-25T01:00', hh).open, true, String(hh));
  }
  assert.equal(at([NIGHTS], '2026-12-25T01:00', 'closed').open_until, '2026-12-25T04:00:00+02:00');
});

test('an occurrence that opens on a holiday follows holiday_hours, even after midnight', () => {
  assert.equal(at([NIGHTS], '2026-12-25T23:00', 'closed').open, false);
  // 25 and 26 December are both holidays; the next ordinary night is Sunday 27 December.
  assert.equal(at([NIGHTS], '2026-12-25T23:00', 'closed').next_open, '2026-12-27T22:00:00+02:00');
  assert.equal(at([NIGHTS], '2026-12-26T01:00', 'closed').open, false);
  assert.equal(at([NIGHTS], '2026-12-26T01:00', null).reason, 'holiday_unknown');
  assert.equal(at([NIGHTS], '2026-12-26T01:00', 'open').open, true);
  // The holiday night of 26 December ends at 04:00 on the 27th, an ordinary day: closed, not unknown.
  assert.equal(at([NIGHTS], '2026-12-27T04:00', null).reason, 'closed');
  assert.equal(at([NIGHTS], '2026-12-27T03:59', null).reason, 'holiday_unknown');
});

test('next_open skips holidays when unknown; open_until stops where unknown hours begin', () => {
  const thu = at([WEEKDAYS], '2026-12-24T17:00', null);
  assert.equal(thu.open, false);
  assert.equal(thu.next_open, '2026-12-28T08:00:00+02:00');
  const always: ScheduleRow = { ...NIGHTS, opens_at: '00:00', closes_at: '23:59' };
  assert.equal(at([always], '2026-12-24T10:00', null).open_until, '2026-12-25T00:00:00+02:00');
  assert.equal(at([always], '2026-12-24T10:00', 'open').open_until, null);
  assert.equal(at([always], '2026-12-24T10:00', 'closed').open_until, '2026-12-25T00:00:00+02:00');
});

test('extra declared holidays count like built-in ones', () => {
  assert.equal(at([WEEKDAYS], '2029-05-16T10:00', 'closed').open, true);
  assert.equal(at([WEEKDAYS], '2029-05-16T10:00', 'closed', ['2029-05-16']).open, false);
  assert.throws(() => at([WEEKDAYS], '2029-05-16T10:00', 'closed', ['16 May']), RangeError);
});
