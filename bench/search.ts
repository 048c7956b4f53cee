/**
 * In-process search over the 1M-SAL databases: `searchServices` called directly, p50/p99 per query
 * kind, and two brute-force baselines measured in the same run on a sample of the same queries,
 * with a check that they return the same results: a table scan (every row read from the database
 * per query) and an in-memory scan over every row preloaded into typed arrays.
 */
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { NearIndex } from '../src/directory/near-index.ts';
import { OpenMemo, ScheduleCache } from '../src/directory/schedule-cache.ts';
import { searchServices, type SearchDeps } from '../src/directory/search.ts';
import type { SearchParams, SearchResponse } from '../src/directory/schema.ts';
import { CATEGORIES } from '../src/directory/taxonomies.ts';
import { PlaceService } from '../src/places/service.ts';
import { haversineM } from '../src/shared/geo.ts';
import {
  compileSchedule,
  evaluateOpen,
  type CompiledSchedule,
  type HolidayHours,
  type ScheduleRow,
} from '../src/shared/schedule/index.ts';
import { tokenize } from '../src/shared/text.ts';
import { pgUrl, SQLITE_PATH, SQLITE_URL, type Manifest } from './generate.ts';
import { figure, fmt, log, nowMs, stats, table, type Figure } from './lib.ts';

const TIMEZONE = 'Africa/Johannesburg';
const RADIUS_KM = 10;
/** Points whose queries also run through the brute-force baseline. */
const BRUTE_SAMPLE = 100;
/** Of those, points that also run through the table scan (2–3 s each at 1M rows). */
const SCAN_SAMPLE = 10;
const WARMUP = 100;
/** The common text word: a synonym of opioid substitution therapy, in those services' text only. */
const COMMON_WORD = 'methadone';

const CATEGORY_ID = new Map(CATEGORIES.terms.map((t) => [t.code, t.id]));

/** One kind of query the benchmark times; `brute` says how the baseline evaluates it (if it can). */
interface QueryKind {
  key: string;
  label: string;
  params(m: Manifest, i: number): SearchParams;
  /** Points used (q-only queries do not depend on the point: fewer runs). */
  runs: number;
  brute: 'open+category' | 'rare' | 'common' | null;
}

const KINDS: QueryKind[] = [
  {
    key: 'near_open_category',
    label: 'near + open now + 1 category',
    runs: 1000,
    brute: 'open+category',
    params: (m, i) => {
      const p = m.points[i]!;
      return {
        lat: p.lat,
        lng: p.lng,
        radius_km: RADIUS_KM,
        open_at: m.times[p.time]!.at,
        taxonomy_term_id: [CATEGORY_ID.get(p.category)!],
        per_page: 20,
      };
    },
  },
  {
    key: 'near_q_rare',
    label: 'near + q (rare word)',
    runs: 1000,
    brute: 'rare',
    params: (m, i) => ({ lat: m.points[i]!.lat, lng: m.points[i]!.lng, radius_km: RADIUS_KM, q: rareWord(m, i), per_page: 20 }),
  },
  {
    key: 'near_q_common',
    label: `near + q "${COMMON_WORD}"`,
    // A word in 74 000 services: hundreds of milliseconds a query at 1M SALs, so fewer runs.
    runs: 100,
    brute: 'common',
    params: (m, i) => ({ lat: m.points[i]!.lat, lng: m.points[i]!.lng, radius_km: RADIUS_KM, q: COMMON_WORD, per_page: 20 }),
  },
  {
    key: 'q_rare',
    label: 'q only (rare word), no point',
    runs: 200,
    brute: null,
    params: (m, i) => ({ q: rareWord(m, i), per_page: 20 }),
  },
  {
    key: 'q_common',
    label: `q only "${COMMON_WORD}", no point`,
    runs: 50,
    brute: null,
    params: () => ({ q: COMMON_WORD, per_page: 20 }),
  },
];

function rareWord(m: Manifest, i: number): string {
  return m.rareWords[i % m.rareWords.length]!;
}

/** What the server gives a search: the near index of the current data is built first, as `serve` does. */
async function depsFor(handle: Db, label: string): Promise<SearchDeps> {
  const schedules = new ScheduleCache(TIMEZONE);
  const heap0 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const t0 = nowMs();
  const near = await NearIndex.build(handle.db, await handle.adapter.dataVersion(handle.db));
  const heap1 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  log(
    `\n[search] ${label}: near index of ${fmt(near?.size ?? 0, 0)} items built in ${fmt((nowMs() - t0) / 1000, 1)} s ` +
      `(about ${fmt((heap1 - heap0) / 1e6, 0)} MB)`,
  );
  return {
    handle,
    places: new PlaceService(handle.db),
    schedules,
    timezone: TIMEZONE,
    now: () => new Date('2026-02-10T10:00:00+02:00'),
    near,
    openMemo: new OpenMemo(schedules),
  };
}

interface Timed {
  ms: number[];
  responses: SearchResponse[];
}

async function timeKind(deps: SearchDeps, m: Manifest, kind: QueryKind): Promise<Timed> {
  const ms: number[] = [];
  const responses: SearchResponse[] = [];
  for (let i = 0; i < kind.runs; i++) {
    const params = kind.params(m, i);
    const t0 = nowMs();
    const r = await searchServices(deps, params);
    ms.push(nowMs() - t0);
    responses.push(r);
  }
  return { ms, responses };
}

// ---------------------------------------------------------------------------------------------
// Brute force

/** Every index row, once, in flat arrays (position = load order). */
interface AllRows {
  n: number;
  rid: Int32Array;
  lat: Float64Array;
  lng: Float64Array;
  sched: Int32Array;
  confidential: Uint8Array;
  /** Bit k: carries category k (CATEGORIES.terms order). */
  cats: Uint32Array;
  /** Bit k: name holds a word starting with rareWords[k]; bit 7: starts with COMMON_WORD. */
  text: Uint8Array;
  schedules: Map<number, CompiledSchedule>;
  seconds: number;
}

async function loadAllRows(handle: Db, m: Manifest): Promise<AllRows> {
  const t0 = nowMs();
  const { db } = handle;
  const count = Number(
    (
      await db
        .selectFrom('search_item')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'sal')
        .executeTakeFirstOrThrow()
    ).n,
  );
  const rows: AllRows = {
    n: 0,
    rid: new Int32Array(count),
    lat: new Float64Array(count),
    lng: new Float64Array(count),
    sched: new Int32Array(count),
    confidential: new Uint8Array(count),
    cats: new Uint32Array(count),
    text: new Uint8Array(count),
    schedules: new Map(),
    seconds: 0,
  };
  const termBit = new Map<number, number>();
  const keys = await db.selectFrom('taxonomy_term').select(['key', 'id']).execute();
  const categoryIndex = new Map(CATEGORIES.terms.map((t, k) => [t.id, k]));
  for (const k of keys) if (categoryIndex.has(k.id)) termBit.set(Number(k.key), categoryIndex.get(k.id)!);
  const posOf = new Map<number, number>();
  let last = 0;
  for (;;) {
    const page = await db
      .selectFrom('search_item')
      .select(['rid', 'lat', 'lng', 'sched_id', 'confidential', 'name', 'organization_name'])
      .where('kind', '=', 'sal')
      .where('rid', '>', last)
      .orderBy('rid')
      .limit(50_000)
      .execute();
    if (page.length === 0) break;
    for (const r of page) {
      const i = rows.n++;
      rows.rid[i] = Number(r.rid);
      rows.lat[i] = r.lat ?? NaN;
      rows.lng[i] = r.lng ?? NaN;
      rows.sched[i] = r.sched_id === null ? -1 : Number(r.sched_id);
      rows.confidential[i] = Number(r.confidential);
      posOf.set(Number(r.rid), i);
      let bits = 0;
      for (const w of tokenize(`${r.name} ${r.organization_name}`)) {
        m.rareWords.forEach((rare, k) => {
          if (w.startsWith(rare)) bits |= 1 << k;
        });
        if (w.startsWith(COMMON_WORD)) bits |= 1 << 7;
      }
      rows.text[i] = bits;
    }
    last = Number(page[page.length - 1]!.rid);
  }
  // Terms by rid range: every row of a rid lands in one range.
  const maxRid = rows.n > 0 ? rows.rid[rows.n - 1]! : 0;
  for (let lo = 0; lo < maxRid; lo += 50_000) {
    const page = await db
      .selectFrom('search_term')
      .select(['rid', 'term'])
      .where('rid', '>', lo)
      .where('rid', '<=', lo + 50_000)
      .execute();
    for (const t of page) {
      const bit = termBit.get(Number(t.term));
      const i = posOf.get(Number(t.rid));
      if (bit !== undefined && i !== undefined) rows.cats[i]! |= 1 << bit;
    }
  }
  for (const s of await db.selectFrom('schedule_set').select(['id', 'rows', 'holiday_hours']).execute()) {
    rows.schedules.set(
      Number(s.id),
      compileSchedule(JSON.parse(s.rows) as ScheduleRow[], {
        defaultZone: TIMEZONE,
        holidayHours: (s.holiday_hours as HolidayHours) ?? null,
      }),
    );
  }
  rows.seconds = (nowMs() - t0) / 1000;
  return rows;
}

interface BruteResult {
  rids: number[];
  total: number;
  /** open+category only: SALs in the circle carrying the category, and how many of them are open. */
  inCircle: number;
  open: number;
}

const COMMON_BIT = 1 << 7;
const OST_BIT = 1 << CATEGORIES.terms.findIndex((t) => t.code === 'opioid_substitution');

/** The same filters as the index, evaluated over every row. */
function bruteForce(all: AllRows, m: Manifest, mode: NonNullable<QueryKind['brute']>, i: number): BruteResult {
  const p = m.points[i]!;
  const radius = RADIUS_KM * 1000;
  const at = new Date(m.times[p.time]!.at);
  const catBit = 1 << CATEGORIES.terms.findIndex((t) => t.code === p.category);
  const rareBit = 1 << m.rareWords.indexOf(rareWord(m, i));
  const states = new Map<number, boolean>();
  const hits: { pos: number; d: number }[] = [];
  let inCircle = 0;
  for (let k = 0; k < all.n; k++) {
    const d = haversineM(p.lat, p.lng, all.lat[k]!, all.lng[k]!);
    if (!(d <= radius)) continue;
    if (mode === 'open+category') {
      if ((all.cats[k]! & catBit) === 0) continue;
      inCircle++;
      const s = all.sched[k]!;
      if (s < 0) continue;
      let open = states.get(s);
      if (open === undefined) {
        const compiled = all.schedules.get(s);
        open = compiled ? evaluateOpen(compiled, at, { outputZone: TIMEZONE }).open === true : false;
        states.set(s, open);
      }
      if (!open) continue;
    } else if (mode === 'rare') {
      if ((all.text[k]! & rareBit) === 0) continue;
    } else if ((all.text[k]! & COMMON_BIT) === 0 && (all.cats[k]! & OST_BIT) === 0) {
      continue;
    }
    // The product shows, and so sorts, a confidential place by its distance in whole kilometres.
    hits.push({ pos: k, d: all.confidential[k] === 1 ? Math.round(d / 1000) * 1000 : d });
  }
  hits.sort((a, b) => a.d - b.d || all.rid[a.pos]! - all.rid[b.pos]!);
  return { rids: hits.slice(0, 20).map((h) => all.rid[h.pos]!), total: hits.length, inCircle, open: hits.length };
}

/**
 * The baseline without any index: per query, read every SAL row from the database (SQLite, a
 * read-only connection of its own) and evaluate the same filters on it: distance, then for rows in
 * the circle the category (one lookup of that row's terms), its opening (its schedule read and
 * compiled once per query) or the words of its name. Nothing is kept between queries.
 */
class TableScan {
  private readonly raw: BetterSqlite3.Database;
  private readonly rows: BetterSqlite3.Statement;
  private readonly hasTerm: BetterSqlite3.Statement;
  private readonly schedule: BetterSqlite3.Statement;
  private readonly termKey = new Map<string, number>();

  constructor(file: string) {
    this.raw = new BetterSqlite3(file, { readonly: true });
    this.raw.pragma('cache_size = -32000');
    this.rows = this.raw
      .prepare("SELECT rid, lat, lng, sched_id, confidential, name, organization_name FROM search_item WHERE kind = 'sal'")
      .raw();
    this.hasTerm = this.raw.prepare('SELECT 1 FROM search_term WHERE rid = ? AND term = ?').pluck();
    this.schedule = this.raw.prepare('SELECT rows, holiday_hours FROM schedule_set WHERE id = ?');
    for (const r of this.raw.prepare('SELECT key, id FROM taxonomy_term').all() as { key: number; id: string }[])
      this.termKey.set(r.id, r.key);
  }

  run(m: Manifest, mode: NonNullable<QueryKind['brute']>, i: number): BruteResult {
    const p = m.points[i]!;
    const radius = RADIUS_KM * 1000;
    const at = new Date(m.times[p.time]!.at);
    const category = this.termKey.get(CATEGORY_ID.get(p.category)!)!;
    const ost = this.termKey.get(CATEGORY_ID.get('opioid_substitution')!)!;
    const rare = rareWord(m, i);
    const states = new Map<number, boolean>();
    const hits: { rid: number; d: number }[] = [];
    let inCircle = 0;
    for (const row of this.rows.iterate() as IterableIterator<
      [number, number | null, number | null, number | null, number, string, string]
    >) {
      const [rid, lat, lng, sched, confidential, name, organization] = row;
      if (lat === null || lng === null) continue;
      const d = haversineM(p.lat, p.lng, lat, lng);
      if (!(d <= radius)) continue;
      if (mode === 'open+category') {
        if (this.hasTerm.get(rid, category) === undefined) continue;
        inCircle++;
        if (sched === null) continue;
        let open = states.get(sched);
        if (open === undefined) {
          const s = this.schedule.get(sched) as { rows: string; holiday_hours: string | null };
          const compiled = compileSchedule(JSON.parse(s.rows) as ScheduleRow[], {
            defaultZone: TIMEZONE,
            holidayHours: (s.holiday_hours as HolidayHours) ?? null,
          });
          open = evaluateOpen(compiled, at, { outputZone: TIMEZONE }).open === true;
          states.set(sched, open);
        }
        if (!open) continue;
      } else {
        const words = tokenize(`${name} ${organization}`);
        const word = mode === 'rare' ? rare : COMMON_WORD;
        const matches = words.some((w) => w.startsWith(word)) || (mode === 'common' && this.hasTerm.get(rid, ost) !== undefined);
        if (!matches) continue;
      }
      hits.push({ rid, d: confidential === 1 ? Math.round(d / 1000) * 1000 : d });
    }
    hits.sort((a, b) => a.d - b.d || a.rid - b.rid);
    return { rids: hits.slice(0, 20).map((h) => h.rid), total: hits.length, inCircle, open: hits.length };
  }

  close(): void {
    this.raw.close();
  }
}

/** SAL ids of these rids, in the same order. */
async function salIds(handle: Db, rids: number[]): Promise<string[]> {
  if (rids.length === 0) return [];
  const rows = await handle.db.selectFrom('search_item').select(['rid', 'sal_id']).where('rid', 'in', rids).execute();
  const byRid = new Map(rows.map((r) => [Number(r.rid), r.sal_id]));
  return rids.map((r) => byRid.get(r) ?? '?');
}

function idsOf(r: SearchResponse): string[] {
  return r.contents.map((c) => c.service_at_location_id ?? '?');
}

// ---------------------------------------------------------------------------------------------

export interface SearchRun {
  figures: Figure[];
}

/** Times every query kind on one database; returns the timings for the brute-force comparison. */
async function timeDatabase(label: string, url: string, m: Manifest): Promise<{ handle: Db; timed: Map<string, Timed> }> {
  const handle = openDatabase(url, { poolSize: 4 });
  const deps = await depsFor(handle, label);
  log(`[search] ${label}: warming up (${WARMUP} queries of each point-based kind) …`);
  for (const kind of KINDS.slice(0, 3)) {
    for (let i = 0; i < WARMUP; i++) await searchServices(deps, kind.params(m, m.points.length - 1 - i));
  }
  const timed = new Map<string, Timed>();
  for (const kind of KINDS) {
    const t = await timeKind(deps, m, kind);
    timed.set(kind.key, t);
    const s = stats(t.ms);
    log(
      `  ${kind.label.padEnd(34)} n=${String(s.n).padStart(4)}  p50 ${fmt(s.p50).padStart(8)} ms  p90 ${fmt(s.p90).padStart(8)} ms  ` +
        `p99 ${fmt(s.p99).padStart(8)} ms  max ${fmt(s.max).padStart(8)} ms  mean ${fmt(s.mean).padStart(8)} ms  ` +
        `results ${fmt(t.responses.reduce((a, r) => a + r.size, 0) / t.responses.length, 1)}  ` +
        `total_items ${fmt(t.responses.reduce((a, r) => a + r.total_items, 0) / t.responses.length, 0)}`,
    );
  }
  return { handle, timed };
}

/** The search benchmark on SQLite (and PostgreSQL when BENCH_PG_URL is set). */
export async function runSearch(m: Manifest): Promise<Figure[]> {
  const figures: Figure[] = [];
  const sqlite = await timeDatabase('SQLite', SQLITE_URL, m);
  for (const kind of KINDS) {
    const s = stats(sqlite.timed.get(kind.key)!.ms);
    figures.push(figure('search', `SQLite ${kind.label}: p50`, s.p50, 'ms', { op: '<=', limit: 5 }));
    figures.push(figure('search', `SQLite ${kind.label}: p99`, s.p99, 'ms', { op: '<=', limit: 20 }));
  }

  log(`\n[search] brute force: loading every index row …`);
  const all = await loadAllRows(sqlite.handle, m);
  log(`  ${fmt(all.n, 0)} SAL rows and ${all.schedules.size} schedules loaded in ${fmt(all.seconds, 1)} s`);
  const everyTenth = Array.from({ length: BRUTE_SAMPLE }, (_, k) => Math.floor((k * m.points.length) / BRUTE_SAMPLE));
  for (let k = 0; k < 3; k++) bruteForce(all, m, 'open+category', k); // JIT warm-up
  const rows: (string | number)[][] = [];
  const openShares: number[] = [];
  const scan = new TableScan(SQLITE_PATH);
  for (const kind of KINDS.filter((k) => k.brute !== null)) {
    const timed = sqlite.timed.get(kind.key)!;
    // Points this kind was timed on (a kind with fewer runs uses its first points).
    const sample =
      kind.runs >= m.points.length ? everyTenth : Array.from({ length: Math.min(BRUTE_SAMPLE, kind.runs) }, (_, k) => k);
    const scanSample = sample.slice(0, SCAN_SAMPLE);
    const bruteMs: number[] = [];
    const indexMs: number[] = [];
    let mismatches = 0;
    let totalMismatches = 0;
    const scanMs: number[] = [];
    const scanIndexMs: number[] = [];
    for (const i of scanSample) {
      const t0 = nowMs();
      const b = scan.run(m, kind.brute!, i);
      scanMs.push(nowMs() - t0);
      scanIndexMs.push(timed.ms[i]!);
      const expected = await salIds(sqlite.handle, b.rids);
      if (expected.join() !== idsOf(timed.responses[i]!).join() || b.total !== timed.responses[i]!.total_items) {
        mismatches++;
        log(`  MISMATCH (table scan) ${kind.label} point ${i}: index total ${timed.responses[i]!.total_items}, scan ${b.total}`);
      }
    }
    const scanRatio = stats(scanMs).mean / stats(scanIndexMs).mean;
    for (const i of sample) {
      const t0 = nowMs();
      const b = bruteForce(all, m, kind.brute!, i);
      bruteMs.push(nowMs() - t0);
      indexMs.push(timed.ms[i]!);
      if (kind.brute === 'open+category' && b.inCircle > 0) openShares.push(b.open / b.inCircle);
      const expected = await salIds(sqlite.handle, b.rids);
      const got = idsOf(timed.responses[i]!);
      if (expected.join() !== got.join()) {
        mismatches++;
        if (mismatches <= 3) {
          log(`  MISMATCH ${kind.label} point ${i}: ${JSON.stringify(kind.params(m, i))}`);
          log(`    index: ${got.slice(0, 5).join(' ')} … (${got.length})`);
          log(`    brute: ${expected.slice(0, 5).join(' ')} … (${expected.length})`);
        }
      }
      if (b.total !== timed.responses[i]!.total_items) {
        totalMismatches++;
        if (totalMismatches <= 3)
          log(`  TOTAL MISMATCH ${kind.label} point ${i}: index ${timed.responses[i]!.total_items}, brute ${b.total}`);
      }
    }
    const bs = stats(bruteMs);
    const is = stats(indexMs);
    const ratio = bs.mean / is.mean;
    rows.push([
      kind.label,
      `${scanSample.length} / ${sample.length}`,
      fmt(is.mean),
      fmt(stats(scanMs).mean),
      `${fmt(scanRatio, 0)}×`,
      fmt(bs.mean),
      `${fmt(ratio, 1)}×`,
      mismatches,
      totalMismatches,
    ]);
    figures.push(figure('search', `table scan ÷ index (mean), ${kind.label}`, scanRatio, '×', { op: '>=', limit: 50 }));
    figures.push(figure('search', `in-memory scan ÷ index (mean), ${kind.label}`, ratio, '×'));
    figures.push(
      figure('search', `result mismatches vs brute force, ${kind.label}`, mismatches + totalMismatches, '', {
        op: '<=',
        limit: 0,
      }),
    );
  }
  log(
    table(
      [
        'query (SQLite, same points)',
        'points (scan / in-memory)',
        'index mean ms',
        'table scan mean ms',
        'scan ÷ index',
        'in-memory mean ms',
        'in-memory ÷ index',
        'top-20 mismatches',
        'total mismatches',
      ],
      rows,
    ),
  );
  const share = openShares.reduce((a, b) => a + b, 0) / openShares.length;
  log(
    `  open share among SALs in the circle with the category (brute force, ${openShares.length} points): ${fmt(share * 100, 1)}%`,
  );
  figures.push(figure('search', 'open share among candidates (target 30–50%)', share * 100, '%'));

  // Text-only queries: the brute force cannot rank by bm25, but the totals must agree.
  for (const kind of KINDS.filter((k) => k.brute === null)) {
    const timed = sqlite.timed.get(kind.key)!;
    let bad = 0;
    timed.responses.forEach((r, i) => {
      const p = kind.params(m, i);
      let expected = 0;
      const bit = p.q === COMMON_WORD ? -1 : 1 << m.rareWords.indexOf(p.q!);
      for (let k = 0; k < all.n; k++) {
        if (bit === -1 ? (all.text[k]! & COMMON_BIT) !== 0 || (all.cats[k]! & OST_BIT) !== 0 : (all.text[k]! & bit) !== 0)
          expected++;
      }
      if (expected !== r.total_items) bad++;
    });
    log(`  ${kind.label}: total_items vs brute-force count: ${bad} of ${timed.responses.length} differ`);
    figures.push(figure('search', `result mismatches vs brute force, ${kind.label}`, bad, '', { op: '<=', limit: 0 }));
  }
  scan.close();
  log(
    '  table scan: every row read from the database per query (the target, ≥ 50×); in-memory: every row\n' +
      '  preloaded into typed arrays with categories and words precomputed, an engine of its own (for reference).',
  );
  await sqlite.handle.close();

  const pg = pgUrl();
  if (pg) {
    const postgres = await timeDatabase('PostgreSQL', pg, m);
    for (const kind of KINDS) {
      const s = stats(postgres.timed.get(kind.key)!.ms);
      figures.push(figure('search', `PostgreSQL ${kind.label}: p50`, s.p50, 'ms'));
      figures.push(figure('search', `PostgreSQL ${kind.label}: p99`, s.p99, 'ms', { op: '<=', limit: 30 }));
      // Same data, same queries: the two databases must agree (positional ids compared). Text-only
      // queries are ranked by each engine's own relevance (bm25 / ts_rank): only their totals must agree.
      const a = sqlite.timed.get(kind.key)!.responses;
      const b = postgres.timed.get(kind.key)!.responses;
      const ranked = kind.brute === null;
      let differ = 0;
      a.forEach((r, i) => {
        if ((!ranked && idsOf(r).join() !== idsOf(b[i]!).join()) || r.total_items !== b[i]!.total_items) {
          differ++;
          if (differ <= 2) {
            log(`  SQLite/PostgreSQL differ, ${kind.label} query ${i}: totals ${r.total_items} / ${b[i]!.total_items}`);
            log(`    sqlite: ${idsOf(r).slice(0, 4).join(' ')}`);
            log(`    pg:     ${idsOf(b[i]!).slice(0, 4).join(' ')}`);
          }
        }
      });
      log(`  ${kind.label}: SQLite and PostgreSQL ${ranked ? 'totals' : 'results'} differ on ${differ} of ${a.length} queries`);
      figures.push(
        figure('search', `SQLite vs PostgreSQL result differences, ${kind.label}`, differ, '', { op: '<=', limit: 0 }),
      );
    }
    await postgres.handle.close();
  }
  return figures;
}
