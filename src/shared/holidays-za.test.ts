import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DECLARED_HOLIDAYS_ZA, findEasterSunday, isPublicHolidayZA, listPublicHolidaysZA } from './holidays-za.ts';

test('Easter Sunday by the Gregorian computus matches known years', () => {
  const known: [number, number, number][] = [
    [2000, 4, 23],
    [2019, 4, 21],
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2027, 3, 28],
    [2038, 4, 25],
    [2285, 3, 22],
  ];
  for (const [y, m, d] of known) assert.deepEqual(findEasterSunday(y), { month: m, day: d }, String(y));
});

test('2024 lists every holiday of the Act, the Sunday rule and the election day, in order', () => {
  assert.deepEqual(
    listPublicHolidaysZA(2024).map((h) => h.date),
    [
      '2024-01-01',
      '2024-03-21',
      '2024-03-29',
      '2024-04-01',
      '2024-04-27',
      '2024-05-01',
      '2024-05-29',
      '2024-06-16',
      '2024-06-17',
      '2024-08-09',
      '2024-09-24',
      '2024-12-16',
      '2024-12-25',
      '2024-12-26',
    ],
  );
  const names = new Map(listPublicHolidaysZA(2024).map((h) => [h.date, h.name]));
  assert.equal(names.get('2024-03-29'), 'Good Friday');
  assert.equal(names.get('2024-04-01'), 'Family Day');
  assert.equal(names.get('2024-06-17'), 'Youth Day (observed)');
  assert.equal(names.get('2024-05-29'), 'General elections');
});

test('s2(1): a holiday on a Sunday makes the Monday a holiday (1 Jan 2023 → 2 Jan 2023)', () => {
  assert.equal(isPublicHolidayZA(2023, 1, 2), true);
  assert.equal(isPublicHolidayZA(2023, 9, 25), true); // Heritage Day 2023 was a Sunday
  assert.equal(isPublicHolidayZA(2023, 1, 3), false);
  assert.equal(isPublicHolidayZA(2024, 1, 2), false); // 1 Jan 2024 was a Monday
});

test('Christmas on a Sunday: the Monday is already Day of Goodwill; 27 Dec 2022 was declared', () => {
  const dec2022 = listPublicHolidaysZA(2022).filter((h) => h.date.startsWith('2022-12'));
  assert.deepEqual(
    dec2022.map((h) => h.date),
    ['2022-12-16', '2022-12-25', '2022-12-26', '2022-12-27'],
  );
  assert.equal(isPublicHolidayZA(2022, 12, 28), false);
});

test('fixed-date holidays, including Heritage Day 2027 and Christmas 2026', () => {
  for (const [y, m, d] of [
    [2026, 12, 25],
    [2026, 12, 26],
    [2027, 9, 24],
    [2026, 3, 21],
    [2026, 4, 27],
    [2026, 5, 1],
    [2026, 6, 16],
    [2026, 8, 9],
    [2026, 12, 16],
    [2026, 1, 1],
  ] as const) {
    assert.equal(isPublicHolidayZA(y, m, d), true, `${y}-${m}-${d}`);
  }
  assert.equal(isPublicHolidayZA(2026, 12, 24), false);
  assert.equal(isPublicHolidayZA(2026, 9, 23), false);
  assert.equal(isPublicHolidayZA(2026, 8, 10), true); // Women's Day 2026 is a Sunday
});

test('Good Friday and Family Day move with Easter', () => {
  assert.equal(isPublicHolidayZA(2026, 4, 3), true);
  assert.equal(isPublicHolidayZA(2026, 4, 6), true);
  assert.equal(isPublicHolidayZA(2027, 3, 26), true);
  assert.equal(isPublicHolidayZA(2027, 3, 29), true);
  assert.equal(isPublicHolidayZA(2026, 4, 5), false); // Easter Sunday itself is not in the Act
});

test('a day that is two holidays at once keeps both names (Good Friday 2008 = Human Rights Day)', () => {
  const h = listPublicHolidaysZA(2008).find((x) => x.date === '2008-03-21');
  assert.equal(h?.name, 'Good Friday; Human Rights Day');
});

test('declared days are built in and callers can add more', () => {
  for (const h of DECLARED_HOLIDAYS_ZA) {
    const [y, m, d] = h.date.split('-').map(Number) as [number, number, number];
    assert.equal(isPublicHolidayZA(y, m, d), true, h.date);
  }
  assert.equal(isPublicHolidayZA(2029, 5, 16), false);
  assert.equal(isPublicHolidayZA(2029, 5, 16, ['2029-05-16']), true);
  assert.ok(listPublicHolidaysZA(2029, ['2029-05-16']).some((h) => h.date === '2029-05-16'));
  assert.ok(!listPublicHolidaysZA(2029).some((h) => h.date === '2029-05-16'));
});

test('no holidays are claimed before the Act took effect', () => {
  assert.deepEqual(listPublicHolidaysZA(1990), []);
  assert.equal(isPublicHolidayZA(1990, 12, 25), false);
});

test('the list is a copy: changing it does not change later answers', () => {
  const list = listPublicHolidaysZA(2026);
  list.length = 0;
  assert.equal(listPublicHolidaysZA(2026).length > 10, true);
});
