import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLocalDate, getDaysInMonth, getWeekday, parseLocalDate, toDayNumber, toYmd } from './dates.ts';

test('day numbers agree with Date.UTC and round-trip over four centuries', () => {
  for (let day = -200_000; day <= 200_000; day += 37) {
    const d = new Date(day * 86_400_000);
    const ymd = d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    assert.equal(toYmd(day), ymd);
    assert.equal(toDayNumber(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()), day);
  }
});

test('weekday: Monday is 0, Sunday is 6', () => {
  assert.equal(getWeekday(toDayNumber(1970, 1, 1)), 3);
  assert.equal(getWeekday(toDayNumber(2026, 11, 27)), 4);
  assert.equal(getWeekday(toDayNumber(2023, 1, 1)), 6);
  assert.equal(getWeekday(toDayNumber(1969, 12, 29)), 0);
});

test('month lengths follow the Gregorian leap rule', () => {
  assert.equal(getDaysInMonth(2024, 2), 29);
  assert.equal(getDaysInMonth(2026, 2), 28);
  assert.equal(getDaysInMonth(1900, 2), 28);
  assert.equal(getDaysInMonth(2000, 2), 29);
  assert.equal(getDaysInMonth(2026, 4), 30);
  assert.equal(getDaysInMonth(2026, 12), 31);
});

test('dates parse with or without a time part, and impossible dates are refused', () => {
  assert.equal(parseLocalDate('2024-01-01'), toDayNumber(2024, 1, 1));
  assert.equal(parseLocalDate('2024-01-01T00:00:00Z'), toDayNumber(2024, 1, 1));
  assert.equal(parseLocalDate(' 2024-02-29 '), toDayNumber(2024, 2, 29));
  assert.equal(parseLocalDate('2023-02-29'), null);
  assert.equal(parseLocalDate('2024-13-01'), null);
  assert.equal(parseLocalDate('01/02/2024'), null);
  assert.equal(formatLocalDate(toDayNumber(2026, 3, 9)), '2026-03-09');
});
