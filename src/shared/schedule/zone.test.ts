import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAY_MS, toDayNumber } from './dates.ts';
import { formatInstant, getFixedZone, getLocalDay, getZone } from './zone.ts';

const H = 3_600_000;
const local = (y: number, m: number, d: number, h: number, min = 0): number =>
  toDayNumber(y, m, d) * DAY_MS + h * H + min * 60_000;

/** The offset Intl reports, read independently of zone.ts (longOffset name). */
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

test('offsets match Intl for many instants in DST and non-DST zones', () => {
  const zones = ['Africa/Johannesburg', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'];
  for (const name of zones) {
    const zone = getZone(name);
    for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 7 * H + 13 * 60_000) {
      assert.equal(zone.getOffset(ms), intlOffset(name, ms), `${name} ${new Date(ms).toISOString()}`);
    }
  }
});

test('Europe/London changes offset at exactly 01:00 UTC on the last Sunday of March 2026', () => {
  const london = getZone('Europe/London');
  const at = Date.UTC(2026, 2, 29, 1);
  assert.equal(london.getOffset(at - 1000), 0);
  assert.equal(london.getOffset(at), H);
  assert.equal(london.getOffset(Date.UTC(2026, 9, 25, 0, 59, 59)), H);
  assert.equal(london.getOffset(Date.UTC(2026, 9, 25, 1)), 0);
});

test('local to UTC: ordinary, skipped (moves forward) and repeated (first) wall times', () => {
  const london = getZone('Europe/London');
  assert.equal(london.toUtc(local(2026, 3, 28, 9)), Date.UTC(2026, 2, 28, 9));
  assert.equal(london.toUtc(local(2026, 3, 29, 9)), Date.UTC(2026, 2, 29, 8));
  // 01:30 does not exist on 29 March 2026: read as 02:30 BST, the wall time an hour on.
  assert.equal(london.toUtc(local(2026, 3, 29, 1, 30)), Date.UTC(2026, 2, 29, 1, 30));
  // 01:30 happens twice on 25 October 2026: the first (BST) is taken.
  assert.equal(london.toUtc(local(2026, 10, 25, 1, 30)), Date.UTC(2026, 9, 25, 0, 30));
  assert.equal(london.toUtc(local(2026, 10, 25, 3)), Date.UTC(2026, 9, 25, 3));
});

test('fixed offsets and the UTC alias are plain arithmetic', () => {
  const ist = getFixedZone(5.5 * H);
  assert.equal(ist.getOffset(0), 5.5 * H);
  assert.equal(ist.toUtc(local(2026, 1, 1, 5, 30)), Date.UTC(2026, 0, 1));
  assert.equal(getZone('UTC').getOffset(Date.UTC(2026, 5, 1)), 0);
  assert.throws(() => getZone('Not/AZone'), RangeError);
});

test('local day of an instant depends on the zone', () => {
  const t = Date.UTC(2026, 0, 4, 23); // Sunday 23:00 UTC
  assert.equal(getLocalDay(getZone('UTC'), t), toDayNumber(2026, 1, 4));
  assert.equal(getLocalDay(getZone('Africa/Johannesburg'), t), toDayNumber(2026, 1, 5));
  assert.equal(getLocalDay(getZone('America/New_York'), t), toDayNumber(2026, 1, 4));
});

test('RFC 3339 output carries the zone offset and no milliseconds', () => {
  const t = Date.UTC(2026, 10, 27, 14, 0, 0, 999);
  assert.equal(formatInstant(t, getZone('Africa/Johannesburg')), '2026-11-27T16:00:00+02:00');
  assert.equal(formatInstant(t, getZone('UTC')), '2026-11-27T14:00:00+00:00');
  assert.equal(formatInstant(t, getZone('America/New_York')), '2026-11-27T09:00:00-05:00');
  assert.equal(formatInstant(t, getFixedZone(5.5 * H)), '2026-11-27T19:30:00+05:30');
  assert.equal(formatInstant(Date.UTC(2026, 6, 1, 12), getZone('Europe/London')), '2026-07-01T13:00:00+01:00');
});
