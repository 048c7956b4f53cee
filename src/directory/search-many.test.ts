import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, importRecords, type TestApp } from '../../test/helpers/app.ts';
import { makeService } from '../../test/helpers/factories.ts';
import { haversineM } from '../shared/geo.ts';
import type { SearchResponse } from './schema.ts';

// More text matches than the SQLite adapter looks up one by one (2 000), so a near + text search
// takes the other path (walk the circle, keep the matches); a rare word takes the first. Both must
// give the same answer as measuring every service.
const CENTRE = { lat: -25.7536, lng: 28.2057 };
const COUNT = 4600;
const RADIUS_KM = 5;

let t: TestApp;
const sites: { name: string; lat: number; lng: number }[] = [];

before(async () => {
  t = await createTestApp();
  const records = [];
  for (let i = 0; i < COUNT; i++) {
    // A spiral out to about 15 km: some inside the radius, most outside.
    const r = (15 * i) / COUNT / 111.195;
    const a = i * 2.399963;
    const lat = CENTRE.lat + r * Math.sin(a);
    const lng = CENTRE.lng + (r * Math.cos(a)) / Math.cos((CENTRE.lat * Math.PI) / 180);
    // Every other service is an outreach point (2 300 matches for "outreach"); one in 300 also has a rare word.
    const name =
      i % 2 === 1 ? `Night shelter ${i}` : i % 300 === 0 ? `Outreach point ${i}, Zyxwort drop-in` : `Outreach point ${i}`;
    sites.push({ name, lat, lng });
    records.push(makeService({ name, description: 'Outreach.', sites: [{ lat, lng }] }));
  }
  const summary = await importRecords(t.db, records);
  assert.equal(summary.rejected, 0);
});
after(() => t.close());

async function nearText(q: string): Promise<SearchResponse> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/search',
    payload: { ...CENTRE, radius_km: RADIUS_KM, q, per_page: 100 },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<SearchResponse>();
}

function expected(match: (name: string) => boolean): { names: string[]; total: number } {
  const inside = sites
    .filter((s) => match(s.name))
    .map((s) => ({ name: s.name, d: haversineM(CENTRE.lat, CENTRE.lng, s.lat, s.lng) }))
    .filter((s) => s.d <= RADIUS_KM * 1000)
    .sort((a, b) => a.d - b.d);
  return { names: inside.slice(0, 100).map((s) => s.name), total: inside.length };
}

test('near + a word in thousands of services: every match in the circle, nearest first', async () => {
  const res = await nearText('outreach point');
  const want = expected((n) => n.startsWith('Outreach point'));
  assert.ok(want.total > 100, `the fixture puts ${want.total} matches in the circle`);
  assert.equal(res.total_items, want.total);
  assert.deepEqual(
    res.contents.map((c) => c.name),
    want.names,
  );
});

test('near + a rare word: the same answer from the few matches', async () => {
  const res = await nearText('zyxwort');
  const want = expected((n) => n.includes('Zyxwort'));
  assert.ok(want.total > 1 && want.total < COUNT / 300, `${want.total} rare matches in the circle`);
  assert.equal(res.total_items, want.total);
  assert.deepEqual(
    res.contents.map((c) => c.name),
    want.names,
  );
});
