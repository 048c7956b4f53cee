import type { Db } from '../db/connection.ts';
import { AppError } from '../http/errors.ts';
import { findTermKeys } from '../hsds/repo.ts';
import { haversineM } from '../shared/geo.ts';
import { evaluateOpen, type OpenState } from '../shared/schedule/index.ts';
import type { PlaceService } from '../places/service.ts';
import { coversPoint, type Area } from './coverage.ts';
import type { ItemSummary } from './index-builder.ts';
import { filterByLanguage, filterByTerm, findItems, findItemsByKind, type ItemRow } from './repo.ts';
import type { NearIndex } from './near-index.ts';
import type { OpenMemo, ScheduleCache } from './schedule-cache.ts';
import type { SearchItem, SearchParams, SearchResponse } from './schema.ts';
import { CONFIDENTIAL_BIT, FLAG_BITS, FLAG_CODES, GENDER_BITS } from './taxonomies.ts';
import { parseTextQuery } from './text-query.ts';
import type { TextQuery } from '../db/dialect.ts';

export interface SearchDeps {
  handle: Db;
  places: PlaceService;
  schedules: ScheduleCache;
  timezone: string;
  now: () => Date;
  /** The in-memory index of physical items for the current data, when it is built. */
  near?: NearIndex | null;
  /** Needed with `near`: open or not per schedule at recent instants. */
  openMemo?: OpenMemo;
}

/** A candidate: its index row fields that filtering and sorting need. */
interface Candidate {
  rid: number;
  lat: number | null;
  lng: number | null;
  sched_id: number | null;
  distance: number | null;
  score: number;
  state?: OpenState;
}

interface Plan {
  at: Date;
  openFilter: boolean;
  point: { lat: number; lng: number } | null;
  radiusM: number;
  flagsMask: number;
  genderBit: number;
  termKeys: number[] | null; // null: an id that matches no term, so nothing can match
  /** The parsed `q` (empty: words that match nothing); null when there is no text. */
  text: TextQuery | null;
  language: string | null;
}

function parseInstant(value: string | undefined, now: Date): Date {
  if (value === undefined || value === 'now') return now;
  const [y, m, d, hh, mm] = value.split(/[-T:]/).map(Number) as [number, number, number, number, number];
  const calendar = new Date(Date.UTC(y, m - 1, d));
  const real =
    calendar.getUTCFullYear() === y && calendar.getUTCMonth() === m - 1 && calendar.getUTCDate() === d && hh < 24 && mm < 60;
  const t = Date.parse(value);
  if (!real || !Number.isFinite(t)) {
    throw new AppError(
      'invalid_request',
      `"open_at" is not a real instant: ${value}. Use RFC 3339, e.g. 2026-11-27T14:00:00+02:00, or "now".`,
    );
  }
  return new Date(t);
}

async function resolvePoint(deps: SearchDeps, p: SearchParams): Promise<{ lat: number; lng: number } | null> {
  if ((p.lat === undefined) !== (p.lng === undefined)) {
    throw new AppError('invalid_request', 'Give both "lat" and "lng", or neither.');
  }
  if (p.near !== undefined && p.lat !== undefined) throw new AppError('invalid_request', 'Give "near" or "lat"/"lng", not both.');
  if (p.near !== undefined) {
    const place = await deps.places.find(p.near);
    if (!place) throw new AppError('unknown_place', 'That place is not in the gazetteer. Look it up with /api/v1/places?q=…');
    return { lat: place.lat, lng: place.lng };
  }
  return p.lat !== undefined && p.lng !== undefined ? { lat: p.lat, lng: p.lng } : null;
}

async function makePlan(deps: SearchDeps, p: SearchParams): Promise<Plan> {
  const { db, adapter } = deps.handle;
  let flagsMask = 0;
  for (const code of FLAG_CODES) if (p[code] === true) flagsMask |= FLAG_BITS[code];
  const termIds = [...new Set(p.taxonomy_term_id ?? [])];
  const keys = await findTermKeys(db, termIds);
  const text = p.q !== undefined && p.q.trim() !== '' ? await parseTextQuery(p.q, (w) => adapter.suggestWords(db, w)) : null;
  return {
    at: parseInstant(p.open_at, deps.now()),
    openFilter: p.open_at !== undefined,
    point: await resolvePoint(deps, p),
    radiusM: (p.radius_km ?? 10) * 1000,
    flagsMask,
    genderBit: p.gender ? GENDER_BITS[p.gender] : 0,
    termKeys: keys.size === termIds.length ? termIds.map((id) => keys.get(id)!) : null,
    text,
    language: p.language ?? null,
  };
}

/** Physical candidates before the open filter: from space when there is a point, else from text, else all. */
async function physicalCandidates(deps: SearchDeps, plan: Plan): Promise<Candidate[]> {
  const { db, adapter } = deps.handle;
  const terms = plan.termKeys!;
  let cands: Candidate[];
  let checkedTerms = 0;
  if (plan.text?.length === 0) return [];
  if (plan.point) {
    const { lat, lng } = plan.point;
    // Sorted by distance: the database intersects space and text, no text ranking is needed.
    const rows = await adapter.findNear(db, {
      term: terms[0] ?? 0,
      lat,
      lng,
      radiusM: plan.radiusM,
      flagsMask: plan.flagsMask,
      genderBit: plan.genderBit,
      ...(plan.text ? { text: plan.text } : {}),
    });
    checkedTerms = terms.length > 0 ? 1 : 0;
    cands = [];
    for (const r of rows) {
      const d = haversineM(lat, lng, r.lat, r.lng);
      if (d <= plan.radiusM) {
        // A confidential place is shown (and so sorted) by its distance in whole kilometres.
        const shown = (r.flags & CONFIDENTIAL_BIT) !== 0 ? Math.round(d / 1000) * 1000 : d;
        cands.push({
          rid: r.rid,
          lat: r.lat,
          lng: r.lng,
          sched_id: r.sched_id,
          distance: shown,
          score: 0,
        });
      }
    }
  } else {
    const scores = plan.text ? new Map((await adapter.matchText(db, plan.text, null)).map((h) => [h.rid, h.score])) : null;
    cands = [];
    let unread: number[] = scores ? [...scores.keys()] : [];
    const index = deps.near;
    if (scores && index) {
      // Matches the near index holds need no database read; the rest (remote services, places
      // without coordinates) do.
      unread = [];
      for (const [rid, score] of scores) {
        const p = index.positionOf(rid);
        if (p < 0) unread.push(rid);
        else if (index.passesFlags(p, plan.flagsMask, plan.genderBit)) {
          const sched = index.sched(p);
          cands.push({ rid, ...index.point(p), sched_id: sched < 0 ? null : sched, distance: null, score });
        }
      }
    }
    const rows = scores ? await findItems(db, unread) : await findItemsByKind(db, 'sal', plan.flagsMask, plan.genderBit);
    for (const r of rows) {
      if (r.kind !== 'sal' || !passesFlags(r, plan)) continue;
      cands.push({ rid: r.rid, lat: r.lat, lng: r.lng, sched_id: r.sched_id, distance: null, score: scores?.get(r.rid) ?? 0 });
    }
  }
  for (const term of terms.slice(checkedTerms)) {
    const keep = await filterByTerm(
      db,
      cands.map((c) => c.rid),
      term,
    );
    cands = cands.filter((c) => keep.has(c.rid));
  }
  return cands;
}

function passesFlags(r: ItemRow, plan: Plan): boolean {
  return (
    (r.flags & plan.flagsMask) === plan.flagsMask &&
    (plan.genderBit === 0 || r.genders === 0 || (r.genders & plan.genderBit) !== 0)
  );
}

/** Evaluates opening for each candidate (once per distinct schedule) and applies the open filter. */
async function applyOpen(deps: SearchDeps, plan: Plan, cands: Candidate[]): Promise<Candidate[]> {
  const ids = new Set<number>();
  for (const c of cands) if (c.sched_id !== null) ids.add(c.sched_id);
  const compiled = await deps.schedules.load(deps.handle.db, ids);
  const states = new Map<number, OpenState>();
  const none: OpenState = { open: null, reason: 'no_schedule', open_until: null, next_open: null };
  for (const c of cands) {
    if (c.sched_id === null) {
      c.state = none;
      continue;
    }
    let s = states.get(c.sched_id);
    if (!s) {
      const schedule = compiled.get(c.sched_id);
      s = schedule ? evaluateOpen(schedule, plan.at, { outputZone: deps.timezone }) : none;
      states.set(c.sched_id, s);
    }
    c.state = s;
  }
  return plan.openFilter ? cands.filter((c) => c.state!.open === true) : cands;
}

function present(row: ItemRow, c: Candidate): SearchItem {
  const summary = JSON.parse(row.summary) as ItemSummary;
  const confidential = row.confidential === 1;
  // A confidential location's distance is rounded to whole kilometres (and measured from a snapped point).
  const distance = c.distance === null ? null : confidential ? Math.round(c.distance / 1000) * 1000 : Math.round(c.distance);
  const state = c.state!;
  return {
    service_at_location_id: row.sal_id,
    service_id: row.service_id,
    location_id: row.location_id,
    name: row.name,
    organization_name: row.organization_name,
    distance_m: distance,
    open: state.open,
    open_until: state.open_until,
    next_open: state.next_open,
    hours_status: state.reason,
    confidential,
    latitude: confidential ? null : row.lat,
    longitude: confidential ? null : row.lng,
    phone: summary.phone,
    area: summary.area,
    categories: summary.categories,
    flags: summary.flags,
  };
}

function byOrder(plan: Plan): (a: Candidate, b: Candidate) => number {
  if (plan.point) return (a, b) => a.distance! - b.distance! || a.rid - b.rid;
  if (plan.text) return (a, b) => b.score - a.score || a.rid - b.rid;
  return () => 0; // already in name order from the database
}

/** Remote services (phone and online help) matching the same filters and covering the point. */
async function remoteResults(deps: SearchDeps, plan: Plan): Promise<SearchItem[]> {
  const { db, adapter } = deps.handle;
  if (plan.text?.length === 0) return [];
  // The near index keeps every remote service with its areas and terms; else ask the database.
  const kept = deps.near?.remote ?? null;
  const areasOf = new Map<number, Area[]>();
  let rows: ItemRow[];
  if (kept) {
    rows = [];
    for (const item of kept) {
      if (!passesFlags(item.row, plan) || !plan.termKeys!.every((t) => item.terms.has(t))) continue;
      rows.push(item.row);
      areasOf.set(item.row.rid, item.areas);
    }
  } else {
    rows = await findItemsByKind(db, 'remote', plan.flagsMask, plan.genderBit);
  }
  rows = rows.filter((r) => !plan.language || r.languages.includes(`,${plan.language},`));
  let scores: Map<number, number> | null = null;
  if (plan.text) {
    // Ranking a word's matches among the remote services costs FTS5 milliseconds per candidate
    // (far more for a prefix): rank only those that match, found from the match set.
    const text = plan.text;
    const matching = deps.near
      ? await deps.near.textMatches(JSON.stringify(text), () => adapter.matchAll(db, text))
      : new Set(await adapter.matchAll(db, text));
    rows = rows.filter((r) => matching.has(r.rid));
    const hits =
      rows.length === 0
        ? []
        : await adapter.matchText(
            db,
            text,
            null,
            rows.map((r) => r.rid),
          );
    scores = new Map(hits.map((h) => [h.rid, h.score]));
    rows = rows.filter((r) => scores!.has(r.rid));
  }
  if (!kept) {
    for (const term of plan.termKeys!) {
      const keep = await filterByTerm(
        db,
        rows.map((r) => r.rid),
        term,
      );
      rows = rows.filter((r) => keep.has(r.rid));
    }
  }
  const byRid = new Map(rows.map((r) => [r.rid, r]));
  let cands: Candidate[] = rows
    .filter((r) => {
      const areas = areasOf.get(r.rid) ?? (JSON.parse(r.summary) as ItemSummary).areas ?? [{ kind: 'anywhere' as const }];
      return !plan.point || coversPoint(areas, plan.point.lat, plan.point.lng);
    })
    .map((r) => ({ rid: r.rid, lat: null, lng: null, sched_id: r.sched_id, distance: null, score: scores?.get(r.rid) ?? 0 }));
  cands = await applyOpen(deps, plan, cands);
  if (plan.text) cands.sort((a, b) => b.score - a.score || a.rid - b.rid);
  return cands.slice(0, 100).map((c) => present(byRid.get(c.rid)!, c));
}

/** The k-th smallest of the first n values (1 ≤ k ≤ n), with a max-heap of k: O(n log k). */
export function kthSmallest(values: Float64Array, n: number, k: number): number {
  const heap = new Float64Array(k);
  let size = 0;
  const siftDown = (): void => {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < size && heap[l]! > heap[top]!) top = l;
      if (r < size && heap[r]! > heap[top]!) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top]!, heap[i]!];
      i = top;
    }
  };
  for (let j = 0; j < n; j++) {
    const v = values[j]!;
    if (size < k) {
      // Sift up.
      let i = size++;
      heap[i] = v;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent]! >= heap[i]!) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (v < heap[0]!) {
      heap[0] = v;
      siftDown();
    }
  }
  return heap[0]!;
}

/**
 * Near searches (with or without text; not by language), answered from the in-memory index: the
 * circle is scanned in memory, text matches are a remembered set, the open filter reads one
 * remembered boolean per schedule, and only the page's items become objects. Null when the index
 * cannot answer this search (the database path does).
 */
async function nearFromIndex(
  deps: SearchDeps,
  plan: Plan,
  page: number,
  perPage: number,
): Promise<{ total: number; slice: Candidate[] } | null> {
  const index = deps.near;
  const terms = plan.termKeys!;
  if (!index || !deps.openMemo || !plan.point || plan.language || !index.covers(terms)) return null;
  const { lat, lng } = plan.point;
  const { adapter, db } = deps.handle;
  const text = plan.text;
  if (text?.length === 0) return { total: 0, slice: [] }; // words that match nothing
  // Sorted by distance: text only filters, no ranking is needed.
  const matches = text ? await index.textMatches(JSON.stringify(text), () => adapter.matchAll(db, text)) : undefined;
  const hits = index.find({
    lat,
    lng,
    radiusM: plan.radiusM,
    terms,
    flagsMask: plan.flagsMask,
    genderBit: plan.genderBit,
    ...(matches ? { text: matches } : {}),
  });
  let count = hits.count;
  const { pos, shown } = hits;
  if (plan.openFilter) {
    const ids = new Int32Array(count);
    for (let i = 0; i < count; i++) ids[i] = index.sched(pos[i]!);
    const isOpen = await deps.openMemo.openAt(deps.handle.db, plan.at.getTime(), ids);
    let kept = 0;
    for (let i = 0; i < count; i++) {
      if (!isOpen(ids[i]!)) continue;
      pos[kept] = pos[i]!;
      shown[kept] = shown[i]!;
      kept++;
    }
    count = kept;
  }
  // The page's items: those not farther than the last one wanted, then sorted exactly.
  const wanted = Math.min(page * perPage, count);
  let threshold = Infinity;
  if (wanted > 0 && wanted < count) threshold = kthSmallest(shown, count, wanted);
  const near: number[] = [];
  for (let i = 0; i < count && wanted > 0; i++) if (shown[i]! <= threshold) near.push(i);
  near.sort((a, b) => shown[a]! - shown[b]! || index.rid(pos[a]!) - index.rid(pos[b]!));
  const slice = near.slice((page - 1) * perPage, wanted).map((i): Candidate => {
    const p = pos[i]!;
    const sched = index.sched(p);
    return { rid: index.rid(p), ...index.point(p), sched_id: sched < 0 ? null : sched, distance: shown[i]!, score: 0 };
  });
  return { total: count, slice: await applyOpen(deps, { ...plan, openFilter: false }, slice) };
}

/**
 * The directory search. Physical results nearest first when a point is given (best text match
 * first otherwise); remote services in their own list on the first page, never hidden for having
 * no distance.
 */
export async function searchServices(deps: SearchDeps, p: SearchParams): Promise<SearchResponse> {
  const plan = await makePlan(deps, p);
  const page = p.page ?? 1;
  const perPage = p.per_page ?? 20;
  if (plan.termKeys === null) return { total_items: 0, page_number: page, size: 0, contents: [], remote_contents: [] };
  const { total, slice } = (await nearFromIndex(deps, plan, page, perPage)) ?? (await fromDatabase(deps, plan, page, perPage));
  const rows = new Map(
    (
      await findItems(
        deps.handle.db,
        slice.map((c) => c.rid),
      )
    ).map((r) => [r.rid, r]),
  );
  const contents = slice.map((c) => present(rows.get(c.rid)!, c));
  const remote = page === 1 ? await remoteResults(deps, plan) : [];
  return { total_items: total, page_number: page, size: contents.length, contents, remote_contents: remote };
}

/** Every other search: candidates from the database, filtered, evaluated and sorted here. */
async function fromDatabase(
  deps: SearchDeps,
  plan: Plan,
  page: number,
  perPage: number,
): Promise<{ total: number; slice: Candidate[] }> {
  let cands = await physicalCandidates(deps, plan);
  if (plan.language) {
    const keep = await filterByLanguage(
      deps.handle.db,
      cands.map((c) => c.rid),
      plan.language,
    );
    cands = cands.filter((c) => keep.has(c.rid));
  }
  // Without the open filter only the page's items need their opening evaluated.
  if (plan.openFilter) cands = await applyOpen(deps, plan, cands);
  cands.sort(byOrder(plan));
  const slice = cands.slice((page - 1) * perPage, page * perPage);
  return { total: cands.length, slice: plan.openFilter ? slice : await applyOpen(deps, plan, slice) };
}
