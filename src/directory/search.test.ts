import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, importRecords, type TestApp } from '../../test/helpers/app.ts';
import { makeService, termId, weekly } from '../../test/helpers/factories.ts';
import type { SearchResponse } from './schema.ts';

// A fixed point in Sunnyside and services placed around it at known distances.
const SUNNYSIDE = { lat: -25.7536, lng: 28.2057 };
/** A point `km` kilometres north of Sunnyside (1° of latitude ≈ 111.195 km on the mean sphere). */
const north = (km: number) => ({ lat: SUNNYSIDE.lat + km / 111.195, lng: SUNNYSIDE.lng });
// Thursday 2026-11-26 10:00 SAST.
const THURSDAY_10 = '2026-11-26T10:00:00+02:00';

let t: TestApp;

async function search(query: Record<string, string | number | boolean | string[]>): Promise<SearchResponse> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/search', payload: query });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<SearchResponse>();
}

before(async () => {
  t = await createTestApp();
  const summary = await importRecords(t.db, [
    makeService({
      name: 'Near clinic',
      sites: [{ ...north(1) }],
      terms: ['hiv_testing', 'free', 'walk_in'],
      schedules: [weekly('MO,TU,WE,TH,FR', '08:00', '16:00')],
      languages: ['zu'],
    }),
    makeService({
      name: 'Middle needle point',
      sites: [{ ...north(3) }],
      terms: ['needle_syringe_programme', 'free', 'harm_reduction'],
      schedules: [weekly('TH', '18:00', '22:00')],
    }),
    makeService({
      name: 'Far methadone site',
      sites: [{ ...north(8) }],
      terms: ['opioid_substitution'],
      schedules: [weekly('MO,TU,WE,TH,FR', '07:00', '12:00')],
    }),
    makeService({ name: 'Outside radius clinic', sites: [{ ...north(15) }], terms: ['hiv_testing', 'free'] }),
    makeService({ name: 'Closed status clinic', status: 'inactive', sites: [{ ...north(1) }], terms: ['hiv_testing'] }),
    makeService({
      name: 'Women only shelter',
      sites: [{ ...north(2) }],
      terms: ['shelter', 'women'],
      schedules: [weekly('MO,TU,WE,TH,FR,SA,SU', '00:00', '23:59')],
    }),
    makeService({
      name: 'Tshwane night line',
      terms: ['crisis_line'],
      service_areas: [{ id: crypto.randomUUID(), name: 'City of Tshwane' }],
      schedules: [weekly('MO,TU,WE,TH,FR,SA,SU', '00:00', '23:59')],
      phone: '+27 00 000 0999',
    }),
    makeService({
      name: 'Cape Town line',
      terms: ['crisis_line'],
      service_areas: [{ id: crypto.randomUUID(), name: 'City of Cape Town' }],
    }),
  ]);
  assert.equal(summary.rejected, 0);
});
after(() => t.close());

describe('search near a point', () => {
  test('nearest first, only within the radius, only active services', async () => {
    const r = await search({ ...SUNNYSIDE, radius_km: 10, open_at: undefined as never });
    const names = r.contents.map((c) => c.name);
    assert.deepEqual(names, ['Near clinic', 'Women only shelter', 'Middle needle point', 'Far methadone site']);
    const d = r.contents.map((c) => c.distance_m!);
    assert.ok(Math.abs(d[0]! - 1000) <= 5, `distance ${d[0]}`);
    assert.ok(d.every((x, i) => i === 0 || x >= d[i - 1]!));
    assert.equal(r.total_items, 4);
  });

  test('open_at keeps only what is open then, with open_until and next_open as RFC 3339', async () => {
    const r = await search({ ...SUNNYSIDE, open_at: THURSDAY_10 });
    assert.deepEqual(
      r.contents.map((c) => c.name),
      ['Near clinic', 'Women only shelter', 'Far methadone site'],
    );
    const clinic = r.contents[0]!;
    assert.equal(clinic.open, true);
    assert.equal(clinic.open_until, '2026-11-26T16:00:00+02:00');
    const all = await search({ ...SUNNYSIDE });
    const needle = all.contents.find((c) => c.name === 'Middle needle point')!;
    assert.ok(needle.open === false || needle.open === true);
  });

  test('without open_at every result still says whether it is open, at the given instant', async () => {
    const r = await search({
      ...SUNNYSIDE,
      open_at: '2026-11-26T19:00:00+02:00',
      taxonomy_term_id: [termId('needle_syringe_programme')],
    });
    assert.equal(r.contents.length, 1);
    assert.equal(r.contents[0]!.open_until, '2026-11-26T22:00:00+02:00');
    const closed = await search({ ...SUNNYSIDE, radius_km: 20, taxonomy_term_id: [termId('hiv_testing')] });
    const unknown = closed.contents.find((c) => c.name === 'Outside radius clinic')!;
    assert.equal(unknown.open, null, 'no schedule means unknown, never guessed');
    assert.equal(unknown.hours_status, 'no_schedule');
  });

  test('categories combine with AND and flags filter', async () => {
    const both = await search({
      ...SUNNYSIDE,
      radius_km: 20,
      taxonomy_term_id: [termId('hiv_testing')],
      free: true,
      walk_in: true,
    });
    assert.deepEqual(
      both.contents.map((c) => c.name),
      ['Near clinic'],
    );
    const none = await search({ ...SUNNYSIDE, taxonomy_term_id: [termId('hiv_testing'), termId('shelter')] });
    assert.equal(none.total_items, 0);
    const hr = await search({ ...SUNNYSIDE, harm_reduction: true });
    assert.deepEqual(
      hr.contents.map((c) => c.name),
      ['Middle needle point'],
    );
  });

  test('gender and language filters', async () => {
    const men = await search({ ...SUNNYSIDE, gender: 'men' });
    assert.ok(!men.contents.some((c) => c.name === 'Women only shelter'));
    assert.ok(
      men.contents.some((c) => c.name === 'Near clinic'),
      'a service with no gender term serves everyone',
    );
    const women = await search({ ...SUNNYSIDE, gender: 'women' });
    assert.ok(women.contents.some((c) => c.name === 'Women only shelter'));
    const zulu = await search({ ...SUNNYSIDE, language: 'zu' });
    assert.deepEqual(
      zulu.contents.map((c) => c.name),
      ['Near clinic'],
    );
  });

  test('remote services in their own list, by area covered', async () => {
    const r = await search({ ...SUNNYSIDE });
    assert.deepEqual(
      r.remote_contents.map((c) => c.name),
      ['Tshwane night line'],
    );
    assert.equal(r.remote_contents[0]!.distance_m, null);
    assert.equal(r.remote_contents[0]!.phone, '+27 00 000 0999');
    const capeTown = await search({ lat: -33.92, lng: 18.42 });
    assert.deepEqual(
      capeTown.remote_contents.map((c) => c.name),
      ['Cape Town line'],
    );
    const openNow = await search({ ...SUNNYSIDE, open_at: THURSDAY_10 });
    assert.deepEqual(
      openNow.remote_contents.map((c) => c.name),
      ['Tshwane night line'],
    );
  });

  test('pagination: size is the items on this page; a page past the end is empty', async () => {
    const p1 = await search({ ...SUNNYSIDE, per_page: 3 });
    const p2 = await search({ ...SUNNYSIDE, per_page: 3, page: 2 });
    assert.equal(p1.size, 3);
    assert.equal(p2.size, 1);
    assert.equal(p2.contents[0]!.name, 'Far methadone site');
    const p9 = await search({ ...SUNNYSIDE, per_page: 3, page: 9 });
    assert.equal(p9.size, 0);
    assert.equal(p9.total_items, 4);
  });

  test('near a gazetteer place', async () => {
    const places = await t.app.inject({ url: '/api/v1/places?q=sunnyside' });
    const place = places.json<{ contents: { id: string; name: string }[] }>().contents[0]!;
    assert.equal(place.name, 'Sunnyside');
    const r = await search({ near: place.id });
    assert.equal(r.contents[0]!.name, 'Near clinic');
  });
});

describe('free text', () => {
  test('synonyms: "methadone" finds opioid substitution, "needle exchange" finds the NSP', async () => {
    assert.deepEqual(
      (await search({ q: 'methadone' })).contents.map((c) => c.name),
      ['Far methadone site'],
    );
    assert.deepEqual(
      (await search({ q: 'needle exchange' })).contents.map((c) => c.name),
      ['Middle needle point'],
    );
  });

  test('misspellings are tolerated', async () => {
    assert.deepEqual(
      (await search({ q: 'shleter' })).contents.map((c) => c.name),
      ['Women only shelter'],
    );
  });

  test('text combines with a point', async () => {
    const r = await search({ ...SUNNYSIDE, q: 'clinic' });
    assert.deepEqual(
      r.contents.map((c) => c.name),
      ['Near clinic'],
    );
  });

  test('q is data, never SQL', async () => {
    for (const q of [
      "'; DROP TABLE service; --",
      '" OR 1=1 --',
      'NEAR(zqx yqz)',
      '*',
      'zqx AND OR NOT',
      ')(',
      "\\'",
      '%_',
      'zqx:* | !zqy',
    ]) {
      const r = await search({ q });
      assert.equal(r.total_items, 0, q);
    }
    const still = await search({ ...SUNNYSIDE });
    assert.equal(still.total_items, 4, 'the data is intact');
  });
});

describe('bad input gets a 400 with a stable code', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['latitude out of range', { lat: 91, lng: 28 }],
    ['longitude out of range', { lat: -25, lng: 181 }],
    ['lat without lng', { lat: -25 }],
    ['radius too large', { ...SUNNYSIDE, radius_km: 101 }],
    ['per_page too large', { per_page: 101 }],
    ['page zero', { page: 0 }],
    ['malformed instant', { open_at: 'tomorrow' }],
    ['impossible date', { open_at: '2026-02-30T10:00:00+02:00' }],
    ['instant without offset', { open_at: '2026-11-26T10:00:00' }],
    ['unknown field', { lat: -25, lng: 28, radius: 5 }],
    ['bad gender', { gender: 'other' }],
    ['bad term id', { taxonomy_term_id: ['not-a-uuid'] }],
  ];
  for (const [name, body] of cases) {
    test(name, async () => {
      const post = await t.app.inject({ method: 'POST', url: '/api/v1/search', payload: body });
      assert.equal(post.statusCode, 400, post.body);
      assert.equal(post.json<{ error: { code: string } }>().error.code, 'invalid_request');
      const qs = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString();
      const get = await t.app.inject({ url: `/api/v1/search?${qs}` });
      assert.equal(get.statusCode, 400, get.body);
    });
  }

  test('an unknown field is refused, not silently dropped', async () => {
    const res = await t.app.inject({ url: '/api/v1/search?radius=5' });
    assert.equal(res.statusCode, 400);
    assert.match(res.json<{ error: { message: string } }>().error.message, /radius/);
  });

  test('an unknown place id is unknown_place', async () => {
    const res = await t.app.inject({ url: `/api/v1/search?near=${crypto.randomUUID()}` });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'unknown_place');
  });

  test('malformed JSON is invalid_json; a body over the limit is 413', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/search',
      headers: { 'content-type': 'application/json' },
      payload: '{"q":',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<{ error: { code: string } }>().error.code, 'invalid_json');
    const big = await t.app.inject({ method: 'POST', url: '/api/v1/search', payload: { q: 'x'.repeat(20_000) } });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json<{ error: { code: string } }>().error.code, 'payload_too_large');
  });
});
