import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchedule, describeOpenState, describeRow, evaluateOpen, findScheduleWarnings } from './index.ts';
import type { OpenState, ScheduleRow } from './index.ts';

const ZONE = 'Africa/Johannesburg';
const times = { opens_at: '08:00', closes_at: '16:00' };

test('describeRow: weekly rows', () => {
  assert.equal(describeRow({ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', ...times }), 'Mon–Fri 08:00–16:00');
  assert.equal(describeRow({ freq: 'WEEKLY', byday: 'FR,MO,WE', ...times }), 'Mon, Wed, Fri 08:00–16:00');
  assert.equal(describeRow({ freq: 'WEEKLY', byday: 'MO,TU,WE,SA,SU', ...times }), 'Mon–Wed, Sat, Sun 08:00–16:00');
  assert.equal(
    describeRow({ freq: 'WEEKLY', interval: 2, byday: 'TU', dtstart: '2026-01-06', opens_at: '10:00', closes_at: '14:00' }),
    'Every 2 weeks on Tue 10:00–14:00 (from 2026-01-06)',
  );
  assert.equal(
    describeRow({ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '22:00', closes_at: '04:00' }),
    'Every day 22:00–04:00 (next day)',
  );
  assert.equal(describeRow({ freq: 'WEEKLY', byday: 'SA', opens_at: '18:00', closes_at: '23:59' }), 'Sat 18:00–midnight');
});

test('describeRow: all day', () => {
  const all = { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '23:59' };
  assert.equal(describeRow(all), 'Open 24 hours');
  assert.equal(describeRow({ ...all, byday: 'SA,SU' }), 'Sat, Sun, open 24 hours');
});

test('describeRow: monthly rows', () => {
  const m = (f: ScheduleRow): string => describeRow({ freq: 'MONTHLY', opens_at: '09:00', closes_at: '13:00', ...f });
  assert.equal(m({ byday: '1SA' }), 'First Saturday of the month 09:00–13:00');
  assert.equal(m({ byday: '-1FR' }), 'Last Friday of the month 09:00–13:00');
  assert.equal(m({ byday: '2TU,4TU' }), 'Second and fourth Tuesday of the month 09:00–13:00');
  assert.equal(m({ bymonthday: '1,15,-1' }), 'On the 1st, 15th and last day of the month 09:00–13:00');
  assert.equal(m({ bymonthday: '-2' }), 'On the 2nd-last day of the month 09:00–13:00');
  assert.equal(m({ byday: 'FR', bymonthday: '13' }), 'Every Friday when it is the 13th of the month 09:00–13:00');
  assert.equal(
    m({ byday: '1SA', interval: 2, dtstart: '2026-01-01' }),
    'First Saturday of the month, every 2 months 09:00–13:00 (from 2026-01-01)',
  );
});

test('describeRow: one-off dates, bounds, valid ranges and time zones in words', () => {
  assert.equal(describeRow({ dtstart: '2026-03-14', ...times }), 'Sat 2026-03-14 08:00–16:00');
  assert.equal(
    describeRow({ freq: 'WEEKLY', byday: 'MO', until: '2026-03-30', valid_from: '2026-01-01', valid_to: '2026-06-30', ...times }),
    'Mon 08:00–16:00 (until 2026-03-30; hours valid 2026-01-01 to 2026-06-30)',
  );
  assert.equal(
    describeRow({ freq: 'WEEKLY', byday: 'MO', dtstart: '2026-01-05', count: 3, ...times }),
    'Mon 08:00–16:00 (from 2026-01-05; 3 times)',
  );
  assert.equal(
    describeRow({ freq: 'WEEKLY', byday: 'MO', valid_to: '2026-06-30', ...times }),
    'Mon 08:00–16:00 (hours valid until 2026-06-30)',
  );
  assert.equal(describeRow({ freq: 'WEEKLY', byday: 'MO', timezone: 5.5, ...times }), 'Mon 08:00–16:00 (UTC+05:30)');
  assert.equal(describeRow({ freq: 'WEEKLY', byday: 'MO', timezone: 2, ...times }, { defaultZone: ZONE }), 'Mon 08:00–16:00');
  assert.equal(describeRow({ freq: 'WEEKLY', byday: 'MO', opens_at: '06:00Z', closes_at: '14:00Z' }), 'Mon 06:00 UTC–14:00 UTC');
});

test('describeRow: rows Harbour cannot evaluate read as their description', () => {
  assert.equal(describeRow({ description: 'Phone ahead for hours' }), 'Phone ahead for hours');
  assert.equal(describeRow({ freq: 'WEEKLY', byweekno: '1', ...times }), 'Hours not in a format Harbour reads');
});

test('describeOpenState: every reason', () => {
  const now = Date.parse('2026-11-30T10:00:00+02:00'); // a Monday
  const state = (s: Partial<OpenState>): OpenState => ({ open: null, reason: 'closed', open_until: null, next_open: null, ...s });
  const d = (s: Partial<OpenState>): string => describeOpenState(state(s), now, ZONE);
  assert.equal(d({ open: true, reason: 'open', open_until: '2026-11-30T16:00:00+02:00' }), 'Open until 16:00');
  assert.equal(d({ open: true, reason: 'open', open_until: '2026-12-01T04:00:00+02:00' }), 'Open until Tue 04:00');
  assert.equal(d({ open: true, reason: 'open', open_until: '2026-12-01T00:00:00+02:00' }), 'Open until midnight');
  assert.equal(d({ open: true, reason: 'open', open_until: null }), 'Open 24 hours');
  assert.equal(d({ open: false, next_open: '2026-11-30T14:00:00Z' }), 'Opens 16:00');
  assert.equal(d({ open: false, next_open: '2026-12-07T08:00:00+02:00' }), 'Opens Mon 7 Dec 08:00');
  assert.equal(d({ open: false, next_open: '2026-12-04T08:00:00+02:00' }), 'Opens Fri 08:00');
  assert.equal(d({ open: false }), 'Closed');
  assert.equal(d({ reason: 'no_schedule' }), 'Hours unknown');
  assert.equal(d({ reason: 'unsupported' }), 'Hours unknown');
  assert.equal(d({ reason: 'out_of_date' }), 'Hours out of date');
  assert.equal(d({ reason: 'holiday_unknown' }), 'Public holiday: hours unknown');
});

test('describeOpenState on a real evaluation: Friday evening opens Mon 08:00', () => {
  const s = compileSchedule([{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', ...times }], { defaultZone: ZONE, holidayHours: 'open' });
  const now = Date.parse('2026-11-27T17:00:00+02:00');
  assert.equal(describeOpenState(evaluateOpen(s, now), now, ZONE), 'Opens Mon 08:00');
  const early = Date.parse('2026-11-27T07:00:00+02:00');
  assert.equal(describeOpenState(evaluateOpen(s, early), early, ZONE), 'Opens 08:00');
});

test('findScheduleWarnings: unknown fields, missing timezone, and odd readings', () => {
  assert.deepEqual(findScheduleWarnings({ freq: 'WEEKLY', byday: 'MO', timezone: 2, ...times }), []);
  assert.deepEqual(findScheduleWarnings({ freq: 'WEEKLY', byday: 'MO', ...times }), ['no timezone: read in HARBOUR_TIMEZONE']);
  assert.deepEqual(findScheduleWarnings({ freq: 'WEEKLY', byday: 'MO', byweekno: '1', timezone: 2, ...times }), [
    'byweekno is not evaluated: open will be unknown',
  ]);
  const w = findScheduleWarnings({
    freq: 'WEEKLY',
    byday: 'MO',
    timezone: 2,
    opens_at: '09:00',
    closes_at: '05:00',
    valid_from: '2026-02-01',
    valid_to: '2026-01-01',
  });
  assert.deepEqual(w, [
    'valid_to is before valid_from: the row never applies',
    'closes_at is before opens_at: read as closing the next day',
  ]);
  assert.ok(findScheduleWarnings({ description: 'Call us' }).includes('no opens_at/closes_at (text only): open will be unknown'));
  assert.ok(
    findScheduleWarnings({ freq: 'WEEKLY', byday: 'MO', dtstart: '2026-01-06', timezone: 2, ...times }).includes(
      'dtstart is not a day the rule selects: it is not an occurrence',
    ),
  );
  assert.ok(findScheduleWarnings({ interval: 2, ...times, timezone: 2 }).some((x) => x.startsWith('interval')));
});
