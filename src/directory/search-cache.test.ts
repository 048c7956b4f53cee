import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../db/connection.ts';
import { bumpDataVersion } from '../hsds/store.ts';
import { createTestApp, importRecords, type TestApp } from '../../test/helpers/app.ts';
import { makeService, weekly } from '../../test/helpers/factories.ts';
import type { SearchResponse } from './schema.ts';
import { SearchCache, searchKey } from './search-cache.ts';

const POINT = { lat: -25.7536, lng: 28.2057 };
// Thursday 2026-11-26, 15:59:59.2 SAST: a clinic open until 16:00 is open for the rest of this second.
let clock = new Date('2026-11-26T15:59:59.200+02:00');
let t: TestApp;

before(async () => {
  t = await createTestApp({ clock: () => clock });
  await importRecords(t.db, [
    makeService({
      name: 'Four o clock clinic',
      sites: [{ lat: POINT.lat + 0.01, lng: POINT.lng }],
      schedules: [weekly('MO,TU,WE,TH,FR', '08:00', '16:00')],
    }),
  ]);
});
after(() => t.close());

async function search(query: Record<string, unknown>, method: 'GET' | 'POST' = 'POST'): Promise<SearchResponse> {
  const res =
    method === 'POST'
      ? await t.app.inject({ method, url: '/api/v1/search', payload: query })
      : await t.app.inject({ url: `/api/v1/search?${new URLSearchParams(query as Record<string, string>).toString()}` });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  return res.json<SearchResponse>();
}

test('the same search in the same second is answered from the cache, with the same answer', async () => {
  const first = await search({ ...POINT, open_at: 'now' });
  clock = new Date('2026-11-26T15:59:59.900+02:00');
  const again = await search({ open_at: 'now', lng: POINT.lng, lat: POINT.lat });
  assert.deepEqual(again, first);
  assert.equal(first.contents[0]?.open, true);
  assert.equal(first.contents[0]?.open_until, '2026-11-26T16:00:00+02:00');
});

test('the next second is evaluated afresh: the clinic has closed', async () => {
  clock = new Date('2026-11-26T16:00:00.050+02:00');
  const res = await search({ ...POINT });
  assert.equal(res.contents[0]?.open, false);
  const open = await search({ ...POINT, open_at: 'now' });
  assert.equal(open.total_items, 0);
});

test('an import (which bumps the data version) drops every cached answer at once', async () => {
  clock = new Date('2026-11-26T10:00:00+02:00');
  const before = await search({ ...POINT }, 'GET');
  assert.equal(before.total_items, 1);
  await importRecords(t.db, [makeService({ name: 'New drop-in', sites: [{ lat: POINT.lat + 0.02, lng: POINT.lng }] })]);
  const after = await search({ ...POINT }, 'GET');
  assert.equal(after.total_items, 2);
  assert.deepEqual(
    after.contents.map((c) => c.name),
    ['Four o clock clinic', 'New drop-in'],
  );
});

/** The next turn of the event loop: where the next HTTP request is read, whatever it carries. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

test('the searches of one turn of the event loop share one read of the data version; the next turn reads again', async () => {
  // The near index is built (it reads the version too); from here on only searches read it.
  await t.app.services.warm();
  const adapter = t.db.adapter;
  const read = adapter.dataVersion.bind(adapter);
  let reads = 0;
  adapter.dataVersion = (db) => {
    reads++;
    return read(db);
  };
  try {
    await nextTurn();
    const answers = await Promise.all([
      t.app.services.searchJson({ ...POINT }),
      t.app.services.searchJson({ ...POINT, q: 'clinic' }),
      t.app.services.searchJson({ ...POINT, radius_km: 5 }),
    ]);
    assert.equal(answers.length, 3);
    assert.equal(reads, 1, 'three searches started together read the version once');
    await nextTurn();
    await t.app.services.searchJson({ ...POINT });
    assert.equal(reads, 2, 'a search in a later turn reads it again');
    // A bump by this process, then a search, with no turn between them on SQLite (its driver only
    // awaits promises): the read made before the bump is not used.
    await nextTurn();
    await t.app.services.searchJson({ ...POINT });
    assert.equal(reads, 3);
    await bumpDataVersion(t.db.db);
    await t.app.services.searchJson({ ...POINT });
    // (The near index, rebuilt for the new version, may read it again.)
    assert.ok(reads >= 4, 'the bump forgot the read made before it');
  } finally {
    adapter.dataVersion = read;
  }
});

test('a change another process commits is seen by the next request: the cached answers are dropped', async () => {
  clock = new Date('2026-11-26T10:00:00+02:00');
  const cache = t.app.services.searchCache;
  await search({ ...POINT, q: 'drop-in' });
  await nextTurn();
  const hits = cache.hits;
  await search({ ...POINT, q: 'drop-in' });
  assert.equal(cache.hits, hits + 1, 'answered from the cache while nothing changed');
  // Another process (harbour import) on its own connection: nothing in this process hears of it.
  const other = openDatabase(t.db.url);
  try {
    await sql`UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'`.execute(other.db);
  } finally {
    await other.close();
  }
  await nextTurn();
  const misses = cache.misses;
  await search({ ...POINT, q: 'drop-in' });
  assert.equal(cache.misses, misses + 1, 'evaluated afresh after the other process changed the data');
});

test('a schedule boundary in seconds is exact: opens at 08:00:30, not a moment before', async () => {
  await importRecords(t.db, [
    makeService({
      name: 'Half past clinic',
      sites: [{ lat: POINT.lat - 0.01, lng: POINT.lng }],
      schedules: [weekly('MO,TU,WE,TH,FR', '08:00:30', '12:00')],
    }),
  ]);
  const state = async (at: string) => {
    clock = new Date(at);
    const res = await search({ ...POINT, q: 'half past' });
    return res.contents.find((c) => c.name === 'Half past clinic')!;
  };
  assert.equal((await state('2026-11-26T08:00:29.999+02:00')).open, false);
  assert.equal((await state('2026-11-26T08:00:29.999+02:00')).next_open, '2026-11-26T08:00:30+02:00');
  assert.equal((await state('2026-11-26T08:00:30.000+02:00')).open, true);
  assert.equal((await state('2026-11-26T08:00:45+02:00')).open, true);
});

test('a search at an explicit instant stays cached as the clock moves on; one about now does not', async () => {
  clock = new Date('2026-11-26T11:00:00+02:00');
  const at = { ...POINT, open_at: '2026-11-26T15:59:59+02:00' };
  const cache = t.app.services.searchCache;
  const hits = cache.hits;
  const first = await search(at);
  clock = new Date('2026-11-26T17:30:00+02:00');
  const later = await search(at);
  assert.deepEqual(later, first);
  assert.equal(first.contents[0]?.name, 'Four o clock clinic');
  assert.equal(first.contents[0]?.open, true, 'still open at the instant asked, though the clock has passed it');
  assert.equal(cache.hits, hits + 1, 'the second answer came from the cache');
  const nowHits = cache.hits;
  await search({ ...POINT, open_at: 'now' });
  clock = new Date('2026-11-26T17:30:01+02:00');
  await search({ ...POINT, open_at: 'now' });
  assert.equal(cache.hits, nowHits, '"now" one second later is evaluated afresh');
});

test('an answer computed while an import landed is not kept', () => {
  const cache = new SearchCache(100_000);
  cache.sync('1');
  cache.set('k', Buffer.from('old'), '1');
  assert.equal(cache.sync('2'), true);
  cache.set('k2', Buffer.from('computed from version 1'), '1');
  assert.equal(cache.get('k2'), undefined);
  assert.equal(cache.get('k'), undefined);
});

test('the cache is bounded by bytes, least recently used out first; keys ignore parameter order', () => {
  const cache = new SearchCache(4000);
  cache.sync('1');
  for (let i = 0; i < 10; i++) cache.set(searchKey({ q: `w${i}` }, 0), Buffer.from('x'.repeat(400)), '1');
  assert.ok(cache.size < 10 && cache.size > 0, `${cache.size} entries`);
  assert.equal(cache.get(searchKey({ q: 'w0' }, 0)), undefined, 'the oldest went first');
  assert.equal(cache.get(searchKey({ q: 'w9' }, 0))?.length, 400);
  assert.equal(searchKey({ a: 1, b: [2, 3] }, 5), searchKey({ b: [2, 3], a: 1 }, 5));
  assert.notEqual(searchKey({ a: 1 }, 5), searchKey({ a: 1 }, 6));
  assert.equal(cache.sync('1'), false);
  assert.equal(cache.sync('2'), true);
  assert.equal(cache.size, 0);
});
