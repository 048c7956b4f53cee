import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchedule, evaluateOpen } from './index.ts';
import type { OpenState, ScheduleRow } from './index.ts';

const check = (rows: ScheduleRow[], iso: string, defaultZone = 'Africa/Johannesburg', outputZone?: string): OpenState =>
  evaluateOpen(compileSchedule(rows, { defaultZone, holidayHours: 'open' }), Date.parse(iso), outputZone ? { outputZone } : {});
const daily = (opens: string, closes: string, more: ScheduleRow = {}): ScheduleRow => ({
  freq: 'WEEKLY',
  byday: 'MO,TU,WE,TH,FR,SA,SU',
  opens_at: opens,
  closes_at: closes,
  ...more,
});

test('a time with Z is that instant: 06:00Z is 08:00 in Johannesburg', () => {
  const row = daily('06:00Z', '14:00Z');
  assert.equal(check([row], '2026-03-02T07:59:00+02:00').open, false);
  assert.equal(check([row], '2026-03-02T07:59:00+02:00').next_open, '2026-03-02T08:00:00+02:00');
  assert.equal(check([row], '2026-03-02T08:00:00+02:00').open, true);
  assert.equal(check([row], '2026-03-02T08:00:00+02:00').open_until, '2026-03-02T16:00:00+02:00');
});

test('a time with +02:00 is read with its own offset', () => {
  const row = daily('07:00+02:00', '15:00+02:00');
  assert.equal(check([row], '2026-03-02T07:00:00+02:00').open, true);
  assert.equal(check([row], '2026-03-02T06:59:00+02:00').open, false);
  const ny = daily('07:00-05:00', '15:00-05:00');
  assert.equal(check([ny], '2026-03-02T13:59:00+02:00').open, false);
  assert.equal(check([ny], '2026-03-02T14:00:00+02:00').open, true);
});

test('mixed: a wall time and an offset time are compared as instants (equal = the next day)', () => {
  const row = { freq: 'WEEKLY', byday: 'MO', opens_at: '08:00', closes_at: '06:00Z' };
  assert.equal(check([row], '2026-03-03T07:59:00+02:00').open, true);
  assert.equal(check([row], '2026-03-03T07:59:00+02:00').open_until, '2026-03-03T08:00:00+02:00');
  const later = { ...row, closes_at: '07:00Z' };
  assert.equal(check([later], '2026-03-02T08:30:00+02:00').open_until, '2026-03-02T09:00:00+02:00');
});

test('row timezone 0: 08:00–16:00 UTC is 10:00–18:00 in Johannesburg', () => {
  const row = daily('08:00', '16:00', { timezone: 0 });
  assert.equal(check([row], '2026-03-02T09:59:00+02:00').open, false);
  assert.equal(check([row], '2026-03-02T10:00:00+02:00').open, true);
  assert.equal(check([row], '2026-03-02T10:00:00+02:00').open_until, '2026-03-02T18:00:00+02:00');
});

test('row timezone 5.5: times and the day itself are local to UTC+05:30', () => {
  const row = daily('08:00', '16:00', { timezone: 5.5 });
  assert.equal(check([row], '2026-03-02T04:30:00+02:00').open, true);
  assert.equal(check([row], '2026-03-02T12:30:00+02:00').open, false);
  // Monday 02:00–04:00 IST is Sunday 22:30 – Monday 00:30 in Johannesburg.
  const monday = { freq: 'WEEKLY', byday: 'MO', opens_at: '02:00', closes_at: '04:00', timezone: 5.5 };
  assert.equal(check([monday], '2026-03-01T23:00:00+02:00').open, true);
  assert.equal(check([monday], '2026-03-01T23:00:00+02:00').open_until, '2026-03-02T00:30:00+02:00');
});

test('an offset time is that instant on the selected date, whatever the row timezone', () => {
  const row = { freq: 'WEEKLY', byday: 'MO', opens_at: '10:00Z', closes_at: '11:00Z', timezone: 14 };
  assert.equal(check([row], '2026-03-02T12:30:00+02:00').open, true);
  assert.equal(check([row], '2026-03-01T12:30:00+02:00').open, false);
});

test('valid ranges are judged on the local date in the row timezone', () => {
  const row = daily('00:00', '23:59', { valid_to: '2026-03-02' });
  // Monday 14:00 in Johannesburg is already Tuesday 02:00 at UTC+14.
  assert.equal(check([row], '2026-03-02T14:00:00+02:00').open, true);
  assert.equal(check([{ ...row, timezone: 14 }], '2026-03-02T14:00:00+02:00').reason, 'out_of_date');
});

test('DST: Europe/London rows follow the clock change on the last Sunday of March', () => {
  const row = daily('09:00', '17:00');
  const z = 'Europe/London';
  assert.equal(check([row], '2026-03-28T08:30:00Z', z).open, false); // 08:30 GMT
  assert.equal(check([row], '2026-03-29T08:30:00Z', z).open, true); // 09:30 BST
  assert.equal(check([row], '2026-03-28T18:00:00Z', z).next_open, '2026-03-29T09:00:00+01:00');
  assert.equal(check([row], '2026-03-29T15:59:00Z', z).open, true);
  assert.equal(check([row], '2026-03-29T16:00:00Z', z).open, false); // 17:00 BST
});

test('DST: an overnight window across the change is an hour shorter and ends at 04:00 BST', () => {
  const row = daily('22:00', '04:00');
  const z = 'Europe/London';
  const s = check([{ ...row, byday: 'SA' }], '2026-03-29T02:30:00Z', z);
  assert.equal(s.open, true);
  assert.equal(s.open_until, '2026-03-29T04:00:00+01:00');
  assert.equal(check([{ ...row, byday: 'SA' }], '2026-03-29T03:00:00Z', z).open, false);
});

test('output zone: the same instant written in another zone’s offset', () => {
  const row = daily('08:00', '16:00');
  assert.equal(check([row], '2026-03-02T10:00:00+02:00', 'Africa/Johannesburg', 'UTC').open_until, '2026-03-02T14:00:00+00:00');
  assert.equal(
    check([row], '2026-03-02T10:00:00+02:00', 'Africa/Johannesburg', 'Asia/Kolkata').open_until,
    '2026-03-02T19:30:00+05:30',
  );
});

test('an unknown default zone is a configuration error', () => {
  assert.throws(() => compileSchedule([], { defaultZone: 'Mars/Olympus' }), RangeError);
});
