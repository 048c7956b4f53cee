import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { importRecords } from '../../test/helpers/app.ts';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { makeService, weekly } from '../../test/helpers/factories.ts';
import { seededRandom } from '../../test/helpers/random.ts';
import { TEXT_FIRST_MAX } from '../db/dialect.ts';
import type { Json } from '../hsds/model.ts';
import { isOpenAt } from '../shared/schedule/index.ts';
import { PlaceService } from '../places/service.ts';
import { NearIndex, NearIndexHolder } from './near-index.ts';
import { OpenMemo, ScheduleCache } from './schedule-cache.ts';
import type { SearchParams } from './schema.ts';
import { kthSmallest, searchServices, type SearchDeps } from './search.ts';
import { CATEGORIES, FLAG_CODES, GENDER_CODES } from './taxonomies.ts';

// The in-memory index must give exactly the database path's answers: the same services, total,
// order, distances and open states, for random searches over random services.
const CENTRE = { lat: -25.7536, lng: 28.2057 };
// More services than TEXT_FIRST_MAX, seven in eight with one word ("everywhere"): a search for it
// takes the many-matches path (a byte per id in the index; the circle first in the database).
const COUNT = TEXT_FIRST_MAX + 400;
const SEARCHES = 300;
const ZONE = 'Africa/Johannesburg';

const SEED = Number(process.env.NEAR_SEED ?? 20_261_127);
const rnd = seededRandom(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const someOf = <T>(xs: readonly T[], p: number): T[] => xs.filter(() => rnd() < p);
const CATEGORY_CODES = CATEGORIES.terms.map((t) => t.code);
const WORDS = ['clinic', 'shelter', 'outreach', 'methadone', 'counselling', 'dropin'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function randomSchedules(): Json[] | undefined {
  const r = rnd();
  if (r < 0.15) return undefined; // hours unknown
  if (r < 0.25) return [weekly(DAYS.join(','), '18:00', '06:00')]; // overnight
  const opens = `${String(6 + Math.floor(rnd() * 6)).padStart(2, '0')}:${pick(['00', '30'])}`;
  const closes = `${String(13 + Math.floor(rnd() * 8)).padStart(2, '0')}:00`;
  return [weekly(someOf(DAYS, 0.6).join(',') || 'MO', opens, closes)];
}

let db: TestDb;
let index: NearIndex;

before(async () => {
  db = await createTestDb();
  const records: Json[] = [];
  for (let i = 0; i < COUNT; i++) {
    // Up to about 12 km from the centre, a few services sharing a spot (ties in distance).
    const r = (rnd() * 12) / 111.195;
    const a = rnd() * 2 * Math.PI;
    const spot = i % 50 === 0 ? 0 : 1;
    const lat = CENTRE.lat + spot * r * Math.sin(a);
    const lng = CENTRE.lng + (spot * r * Math.cos(a)) / Math.cos((CENTRE.lat * Math.PI) / 180);
    const schedules = randomSchedules();
    records.push(
      makeService({
        name: `Service ${i} ${pick(WORDS)}`,
        description: `A ${pick(WORDS)} service${i % 8 === 0 ? '' : ', everywhere'}.`,
        terms: [...someOf(CATEGORY_CODES, 0.25), ...someOf(FLAG_CODES, 0.4), ...someOf(GENDER_CODES, 0.1)],
        ...(schedules ? { schedules } : {}),
        ...(rnd() < 0.3 ? { holiday_hours: pick(['open', 'closed'] as const) } : {}),
        sites: [{ lat, lng, confidential: rnd() < 0.05 }],
      }),
    );
  }
  // Phone and online help: no location, so remote results (matched by the same text) are compared too.
  for (let i = 0; i < 40; i++) {
    const schedules = randomSchedules();
    records.push(
      makeService({
        name: `Helpline ${i} ${pick(WORDS)}`,
        terms: someOf(CATEGORY_CODES, 0.25),
        ...(schedules ? { schedules } : {}),
        phone: '+27 00 000 0000',
      }),
    );
  }
  const summary = await importRecords(db, records);
  assert.equal(summary.rejected, 0);
  const version = await db.adapter.dataVersion(db.db);
  index = (await NearIndex.build(db.db, version))!;
  assert.equal(index.size, COUNT);
});
after(() => db.destroy());

function deps(withIndex: boolean): SearchDeps {
  const schedules = new ScheduleCache(ZONE);
  return {
    handle: db,
    places: new PlaceService(db.db),
    schedules,
    timezone: ZONE,
    now: () => new Date('2026-11-26T10:00:00+02:00'),
    ...(withIndex ? { near: index, openMemo: new OpenMemo(schedules) } : {}),
  };
}

function randomSearch(): SearchParams {
  const p: SearchParams = {
    lat: CENTRE.lat + (rnd() - 0.5) * 0.1,
    lng: CENTRE.lng + (rnd() - 0.5) * 0.1,
    radius_km: pick([1, 3, 5, 10]),
    per_page: pick([5, 20, 100]),
    page: pick([1, 1, 1, 2, 3]),
  };
  const terms = someOf(CATEGORY_CODES, 0.05).map((code) => CATEGORIES.terms.find((t) => t.code === code)!.id);
  if (terms.length > 0) p.taxonomy_term_id = terms;
  for (const flag of someOf(FLAG_CODES, 0.08)) p[flag] = true;
  if (rnd() < 0.2) p.gender = pick(GENDER_CODES);
  const text = rnd();
  // A word, a prefix, two words, a phrase, or a word nobody uses.
  if (text < 0.1) p.q = pick(WORDS);
  else if (text < 0.15) p.q = pick(WORDS).slice(0, 4);
  else if (text < 0.2) p.q = `${pick(WORDS)} ${pick(WORDS)}`;
  else if (text < 0.23) p.q = `"a ${pick(WORDS)}"`;
  else if (text < 0.25) p.q = 'zzqx';
  else if (text < 0.3) p.q = 'everywhere';
  // Some searches by text alone (no point), or by nothing but filters.
  if (rnd() < 0.15) {
    delete p.lat;
    delete p.lng;
    delete p.radius_km;
  }
  const when = rnd();
  // Weekdays and weekends, day and night, and a public holiday (Christmas).
  if (when < 0.6) {
    p.open_at = pick([
      '2026-11-26T10:00:00+02:00',
      '2026-11-28T09:30:00+02:00',
      '2026-11-26T23:15:00+02:00',
      '2026-12-25T10:00:00+02:00',
      '2026-11-30T06:00:00+02:00',
    ]);
  } else if (when < 0.7) {
    p.open_at = 'now';
  }
  return p;
}

test('with the in-memory index, random searches get exactly the answers of the database path', async () => {
  const fast = deps(true);
  const slow = deps(false);
  let nonEmpty = 0;
  let remote = 0;
  for (let i = 0; i < SEARCHES; i++) {
    const params = randomSearch();
    const want = await searchServices(slow, params);
    const got = await searchServices(fast, params);
    assert.deepEqual(got, want, `search ${i} (NEAR_SEED=${SEED}): ${JSON.stringify(params)}`);
    if (want.contents.length > 0) nonEmpty++;
    if (want.remote_contents.length > 0) remote++;
  }
  assert.ok(remote > SEARCHES / 10, `${remote} searches found phone or online help`);
  // The comparison means something only if most searches found services.
  assert.ok(nonEmpty > SEARCHES / 2, `${nonEmpty} of ${SEARCHES} searches found services`);
});

test('the index is used for near searches it covers, with or without text, and not by language', async () => {
  const fast = deps(true);
  let scanned = 0;
  const counting = new Proxy(index, {
    get(target, key, receiver) {
      if (key === 'find') scanned++;
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const withCount: SearchDeps = { ...fast, near: counting };
  await searchServices(withCount, { ...CENTRE, open_at: 'now' });
  await searchServices(withCount, { ...CENTRE, q: 'clinic' });
  assert.equal(scanned, 2);
  await searchServices(withCount, { ...CENTRE, language: 'zu' });
  await searchServices(withCount, { q: 'clinic' });
  assert.equal(scanned, 2);
});

test('the holder never hands out an index of older data', async () => {
  const holder = new NearIndexHolder(db.db, () => db.adapter.dataVersion(db.db));
  const v1 = await db.adapter.dataVersion(db.db);
  const first = await holder.get(v1);
  assert.equal(first?.size, COUNT);
  await importRecords(db, [makeService({ name: 'One more', sites: [{ ...CENTRE }] })]);
  const v2 = await db.adapter.dataVersion(db.db);
  assert.notEqual(v2, v1);
  const second = await holder.get(v2);
  assert.equal(second?.version, v2);
  assert.equal(second?.size, COUNT + 1);
  // Asked again for the old version (a search that read it before the import), it builds anew
  // rather than handing out either index for a version it was not built from.
  const again = await holder.get(v1);
  assert.ok(again === null || again.version === v1);
});

test('remembered open states are those of the instant asked, second after second', async () => {
  const rows = await db.db.selectFrom('schedule_set').select(['id', 'rows', 'holiday_hours']).execute();
  const ids = Int32Array.from(rows.map((r) => Number(r.id)));
  const schedules = new ScheduleCache(ZONE);
  const memo = new OpenMemo(schedules);
  const direct = await schedules.load(db.db, ids);
  // Instants moving forward as "now" does (uneven steps, some crossing opening times), then back.
  const start = Date.parse('2026-11-26T05:58:59.500+02:00');
  const steps: number[] = [];
  for (let t = start, k = 0; k < 400; k++) {
    steps.push(t);
    t += 1000 * (1 + ((k * 37) % 400));
  }
  steps.push(start, start + 3_600_000);
  let flips = 0;
  let previous = new Map<number, boolean>();
  for (const t of steps) {
    const isOpen = await memo.openAt(db.db, t, ids);
    const now = new Map<number, boolean>();
    for (const id of ids) {
      const want = isOpenAt(direct.get(id)!, t) === true;
      assert.equal(isOpen(id), want, `schedule ${id} at ${new Date(t).toISOString()}`);
      if (previous.has(id) && previous.get(id) !== want) flips++;
      now.set(id, want);
    }
    previous = now;
  }
  assert.ok(flips > 100, `${flips} changes of open state seen along the way`);
});

test('kthSmallest finds the k-th smallest value, ties included', () => {
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(rnd() * 300);
    // Few distinct values, so ties are common.
    const values = Float64Array.from({ length: n + 5 }, () => Math.floor(rnd() * 40));
    const sorted = values.slice(0, n).sort();
    const k = 1 + Math.floor(rnd() * n);
    assert.equal(kthSmallest(values, n, k), sorted[k - 1]);
  }
});
