import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../http/errors.ts';
import { endOfDay, localToday } from './dates.ts';
import { isRegularWeekly, parseWeek, readWeek, weekRows } from './hours.ts';
import { checkUntil } from './input.ts';
import { appendMetadata, latestValue, uuidv7 } from './metadata.ts';

const ZONE = 'Africa/Johannesburg';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AppError && e.code === 'invalid_request', String(e));
    return e.message;
  }
  assert.fail('not refused');
}

describe('weekly editor', () => {
  test('days with the same hours share one row, as the demo data writes them', () => {
    const week = parseWeek({
      mo_opens: '09:00',
      mo_closes: '17:00',
      tu_opens: '9:00',
      tu_closes: '17:00:00',
      sa_opens: '10:00',
      sa_closes: '13:00',
    });
    let n = 0;
    const rows = weekRows(week, () => `id-${n++}`, ZONE);
    assert.deepEqual(
      rows.map((r) => [r.byday, r.opens_at, r.closes_at, r.freq]),
      [
        ['MO,TU', '09:00', '17:00', 'WEEKLY'],
        ['SA', '10:00', '13:00', 'WEEKLY'],
      ],
    );
    assert.equal(rows[0]!.description, 'Mon, Tue 09:00–17:00.');
    assert.equal(rows[0]!.timezone, undefined, 'times are HARBOUR_TIMEZONE, said by leaving timezone out');
  });

  test('reads back what it wrote; a second range on a day is reported', () => {
    const rows = [
      { id: 'a', freq: 'WEEKLY', byday: 'MO,WE', opens_at: '08:00', closes_at: '12:00' },
      { id: 'b', freq: 'WEEKLY', byday: 'MO', opens_at: '13:00+02:00', closes_at: '16:00+02:00' },
      { id: 'c', freq: 'MONTHLY', byday: '1SA', opens_at: '09:00', closes_at: '12:00' },
    ];
    const { week, crowded } = readWeek(rows);
    assert.deepEqual(week.MO, { opens: '08:00', closes: '12:00' });
    assert.deepEqual(week.WE, { opens: '08:00', closes: '12:00' });
    assert.equal(week.SA, null, 'the monthly row is not part of the week');
    assert.deepEqual(crowded, ['MO']);
  });

  test('only plain, unbounded weekly rows are replaced', () => {
    assert.equal(isRegularWeekly({ freq: 'weekly', byday: 'MO', opens_at: '09:00', closes_at: '10:00' }), true);
    assert.equal(
      isRegularWeekly({ freq: 'WEEKLY', byday: 'MO', opens_at: '09:00', closes_at: '10:00', valid_to: '2027-01-01' }),
      false,
    );
    assert.equal(isRegularWeekly({ freq: 'WEEKLY', interval: 2, byday: 'MO', opens_at: '09:00', closes_at: '10:00' }), false);
    assert.equal(isRegularWeekly({ freq: 'MONTHLY', byday: '1MO', opens_at: '09:00', closes_at: '10:00' }), false);
    assert.equal(isRegularWeekly({ freq: 'WEEKLY', byday: 'MO', description: 'Mornings' }), false);
  });

  test('bad times are refused in plain words', () => {
    assert.match(
      refusal(() => parseWeek({ mo_opens: '25:00', mo_closes: '26:00' })),
      /Monday: the opening time "25:00" is not a time/,
    );
    assert.match(
      refusal(() => parseWeek({ tu_opens: '9am', tu_closes: '5pm' })),
      /Tuesday.*HH:MM/,
    );
    assert.match(
      refusal(() => parseWeek({ we_opens: '09:00' })),
      /Wednesday: give both/,
    );
    assert.match(
      refusal(() => parseWeek({ th_opens: '09:00', th_closes: '09:00' })),
      /same time/,
    );
  });
});

describe('closure dates', () => {
  const now = new Date('2027-03-01T21:30:00Z'); // 23:30 on 1 March in Johannesburg

  test('today is the local day; a closure ends at the next local midnight', () => {
    assert.equal(localToday(ZONE, now), '2027-03-01');
    assert.equal(endOfDay('2027-03-05', ZONE).toISOString(), '2027-03-05T22:00:00.000Z');
  });

  test('from today to a year ahead', () => {
    assert.equal(checkUntil('2027-03-01', ZONE, now), '2027-03-01');
    assert.equal(checkUntil(' 2028-02-29 ', ZONE, now), '2028-02-29');
    assert.match(
      refusal(() => checkUntil('2027-02-28', ZONE, now)),
      /already passed/,
    );
    assert.match(
      refusal(() => checkUntil('2028-03-01', ZONE, now)),
      /at most a year: choose a day up to 2028-02-29/,
    );
    assert.match(
      refusal(() => checkUntil('2027-02-30', ZONE, now)),
      /is not a date/,
    );
    assert.match(
      refusal(() => checkUntil('next week', ZONE, now)),
      /is not a date/,
    );
  });
});

describe('metadata', () => {
  test('ids made later sort later, even within one millisecond', () => {
    const ids = Array.from({ length: 50 }, () => uuidv7(1_800_000_000_000));
    assert.deepEqual([...ids].sort(), ids);
    assert.match(ids[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('the newest value of a field wins; the organisation is the author', () => {
    let doc: Record<string, unknown> = { id: 's1' };
    doc = {
      ...doc,
      metadata: appendMetadata(
        doc,
        'service',
        [{ field: 'closed_until', previous: '', replacement: '2027-03-05' }],
        'Org A',
        '2027-03-01',
        1,
      ),
    };
    doc = {
      ...doc,
      metadata: appendMetadata(
        doc,
        'service',
        [{ field: 'closed_until', previous: '2027-03-05', replacement: '' }],
        'Org A',
        '2027-03-01',
        1,
      ),
    };
    assert.equal(latestValue(doc, 'closed_until'), '');
    const entries = doc.metadata as Record<string, unknown>[];
    assert.equal(entries.length, 2);
    assert.deepEqual(Object.keys(entries[0]!).sort(), [
      'field_name',
      'id',
      'last_action_date',
      'last_action_type',
      'previous_value',
      'replacement_value',
      'resource_id',
      'resource_type',
      'updated_by',
    ]);
    assert.equal(entries[1]!.updated_by, 'Org A');
  });

  test('a long history keeps the newest entries and the closure date', () => {
    let doc: Record<string, unknown> = { id: 's1' };
    doc = {
      ...doc,
      metadata: appendMetadata(
        doc,
        'service',
        [{ field: 'closed_until', previous: '', replacement: '2027-03-05' }],
        'A',
        '2027-03-01',
        1,
      ),
    };
    const many = Array.from({ length: 250 }, (_, i) => ({ field: 'name', previous: `n${i}`, replacement: `n${i + 1}` }));
    doc = { ...doc, metadata: appendMetadata(doc, 'service', many, 'A', '2027-03-02', 2) };
    assert.equal((doc.metadata as unknown[]).length, 200);
    assert.equal(latestValue(doc, 'closed_until'), '2027-03-05');
    assert.equal(latestValue(doc, 'name'), 'n250');
  });
});
