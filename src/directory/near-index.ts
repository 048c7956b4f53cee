import { sql, type Kysely } from 'kysely';
import { TEXT_FIRST_MAX } from '../db/dialect.ts';
import type { Database } from '../db/types.ts';
import { cellRangesForCircle, haversineM } from '../shared/geo.ts';
import type { Area } from './coverage.ts';
import type { ItemSummary } from './index-builder.ts';
import type { ItemRow } from './repo.ts';
import { CONFIDENTIAL_BIT } from './taxonomies.ts';

/** Rows read per query while building. */
const PAGE = 50_000;
/** Terms (the most used ones) that get a bit per item; a search on another term uses the database. */
const TERM_BITS = 32;
/** Items sort by one float key `cell · 2^23 + position`, exact below 2^53: so at most 2^23 items. */
const MAX_ITEMS = 2 ** 23;
const POSITION_FACTOR = 2 ** 23;
/** Up to this many remote services are kept with the index (far more than any directory has). */
const MAX_REMOTE = 10_000;
/** Text match sets remembered per index (one byte per item id each). */
const TEXT_SETS = 8;

/** What the near search asks the index: items inside a circle carrying every term and flag. */
export interface NearFilter {
  lat: number;
  lng: number;
  radiusM: number;
  /** Term keys every item must carry (none = any). */
  terms: readonly number[];
  /** Only items matching a text query, when given. */
  text?: TextMatches;
  flagsMask: number;
  /** 0 = any; else items serving this gender bit or serving everyone. */
  genderBit: number;
}

/** Items found: positions in the index and the distance each is shown (and sorted) by (first `count`). */
export interface NearHits {
  count: number;
  pos: Int32Array;
  shown: Float64Array;
}

/** The items matching one text query. */
export class TextMatches {
  constructor(
    /** Many matches: 1 at each matching id. */
    readonly bytes: Uint8Array | null,
    /** Few matches: their ids. */
    private readonly rids: ReadonlySet<number> | null,
    /** Few matches: the positions of those that are in the index (the rest are remote or have no location). */
    readonly positions: Int32Array | null,
  ) {}

  has(rid: number): boolean {
    return this.bytes ? this.bytes[rid] === 1 : this.rids!.has(rid);
  }
}

/** A remote service (phone or online help) as the search reads it, its areas and terms unpacked. */
export interface RemoteItem {
  row: ItemRow;
  areas: Area[];
  terms: ReadonlySet<number>;
}

/**
 * The physical searchable items (services at a location), in memory: about 40 bytes each, sorted by
 * spatial-index cell, so a circle is a few contiguous slices scanned without a database round trip
 * or an object per row. Built from the spatial index tables for one data version, never changed
 * afterwards: a new import builds a new one.
 */
export class NearIndex {
  private constructor(
    /** The data version it was built from. */
    readonly version: string | null,
    readonly size: number,
    private readonly cell: Int32Array,
    private readonly rids: Int32Array,
    private readonly lat: Float64Array,
    private readonly lng: Float64Array,
    private readonly scheds: Int32Array,
    private readonly flags: Int32Array,
    private readonly genders: Int32Array,
    private readonly termSets: Int32Array,
    private readonly termBit: ReadonlyMap<number, number>,
    private readonly maxRid: number,
    /** Position of each item id (-1: not here), for looking up a few text matches. */
    private readonly posOfRid: Int32Array,
    /** Every remote service in the database's order (name, rid), or null when there are too many. */
    readonly remote: readonly RemoteItem[] | null,
  ) {}

  private readonly textSets = new Map<string, TextMatches>();

  /** Builds the index from the database (`counted`: the items, if just counted); null when there are too many to hold. */
  static async build(db: Kysely<Database>, version: string | null, counted?: number): Promise<NearIndex | null> {
    const capacity = counted ?? (await NearIndex.countItems(db));
    if (capacity > MAX_ITEMS) return null;
    const cell = new Int32Array(capacity);
    const rid = new Int32Array(capacity);
    const lat = new Float64Array(capacity);
    const lng = new Float64Array(capacity);
    const sched = new Int32Array(capacity);
    const flags = new Int32Array(capacity);
    const genders = new Int32Array(capacity);
    let n = 0;
    let maxRid = 0;
    const ridRange = await db
      .selectFrom('search_cell')
      .select((eb) => [eb.fn.min<number>('rid').as('lo'), eb.fn.max<number>('rid').as('hi')])
      .where('term', '=', 0)
      .executeTakeFirstOrThrow();
    const lo = Number(ridRange.lo ?? 0);
    const hi = Number(ridRange.hi ?? -1);
    // Pages by rid range (every table here has an index on rid); the order is fixed by the sort below.
    for (let from = lo; from <= hi; from += PAGE) {
      const rows = await db
        .selectFrom('search_cell')
        .select(['cell', 'rid', 'lat', 'lng', 'flags', 'genders', 'sched_id'])
        .where('term', '=', 0)
        .where('rid', '>=', from)
        .where('rid', '<', from + PAGE)
        .execute();
      for (const r of rows) {
        if (n === capacity) return null; // an import landed while reading: the caller builds again
        cell[n] = Number(r.cell);
        rid[n] = Number(r.rid);
        lat[n] = r.lat;
        lng[n] = r.lng;
        sched[n] = r.sched_id === null ? -1 : Number(r.sched_id);
        flags[n] = Number(r.flags);
        genders[n] = Number(r.genders);
        if (rid[n]! > maxRid) maxRid = rid[n]!;
        n++;
      }
    }

    // Sort by cell: one numeric sort of packed keys, then every column permuted the same way.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = cell[i]! * POSITION_FACTOR + i;
    keys.sort();
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = keys[i]! % POSITION_FACTOR;
    const permute = <T extends Int32Array | Float64Array>(a: T): T => {
      const out = new (a.constructor as new (len: number) => T)(n);
      for (let i = 0; i < n; i++) out[i] = a[order[i]!]!;
      return out;
    };
    const sorted = {
      cell: permute(cell),
      rid: permute(rid),
      lat: permute(lat),
      lng: permute(lng),
      sched: permute(sched),
      flags: permute(flags),
      genders: permute(genders),
    };

    // Term bits for the most used terms.
    const usage = await sql<{ term: number; n: number | string }>`
      SELECT term, count(*) AS n FROM search_term GROUP BY term ORDER BY count(*) DESC, term LIMIT ${TERM_BITS}`.execute(db);
    const termBit = new Map<number, number>();
    for (const u of usage.rows) termBit.set(Number(u.term), termBit.size);
    const posOfRid = new Int32Array(maxRid + 1).fill(-1);
    for (let i = 0; i < n; i++) posOfRid[sorted.rid[i]!] = i;
    const termSets = new Int32Array(n);
    for (let from = lo; from <= hi; from += PAGE) {
      const rows = await db
        .selectFrom('search_term')
        .select(['rid', 'term'])
        .where('rid', '>=', from)
        .where('rid', '<', from + PAGE)
        .execute();
      for (const r of rows) {
        const bit = termBit.get(Number(r.term));
        const rowRid = Number(r.rid);
        const pos = rowRid <= maxRid ? posOfRid[rowRid]! : -1;
        if (bit !== undefined && pos >= 0) termSets[pos]! |= 1 << bit;
      }
    }
    return new NearIndex(
      version,
      n,
      sorted.cell,
      sorted.rid,
      sorted.lat,
      sorted.lng,
      sorted.sched,
      sorted.flags,
      sorted.genders,
      termSets,
      termBit,
      maxRid,
      posOfRid,
      await loadRemote(db),
    );
  }

  /** How many items an index of the current data would hold. */
  static async countItems(db: Kysely<Database>): Promise<number> {
    const row = await db
      .selectFrom('search_cell')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('term', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * The items matching a text query, remembered with this index: a common word matched by tens of
   * thousands of services is read from the text index once per data version, not once per search.
   * Few matches are kept as a list (the search then looks only at them), many as a byte per id.
   */
  async textMatches(key: string, load: () => Promise<readonly number[]>): Promise<TextMatches> {
    let matches = this.textSets.get(key);
    if (matches) {
      this.textSets.delete(key);
    } else {
      const rids = await load();
      if (rids.length <= TEXT_FIRST_MAX) {
        const positions: number[] = [];
        for (const rid of rids) {
          const p = rid <= this.maxRid ? this.posOfRid[rid]! : -1;
          if (p >= 0) positions.push(p);
        }
        matches = new TextMatches(null, new Set(rids), Int32Array.from(positions));
      } else {
        let top = this.maxRid;
        for (const rid of rids) if (rid > top) top = rid; // remote services may have higher ids
        const bytes = new Uint8Array(top + 1);
        for (const rid of rids) bytes[rid] = 1;
        matches = new TextMatches(bytes, null, null);
      }
      if (this.textSets.size >= TEXT_SETS) this.textSets.delete(this.textSets.keys().next().value!);
    }
    this.textSets.set(key, matches);
    return matches;
  }

  /** Whether the index can answer a search on these terms (each has a bit). */
  covers(terms: readonly number[]): boolean {
    return terms.every((t) => this.termBit.has(t));
  }

  /** Items inside the circle passing the filters, in no particular order. */
  find(f: NearFilter): NearHits {
    let mask = 0;
    for (const t of f.terms) mask |= 1 << this.termBit.get(t)!;
    const hits: NearHits = { count: 0, pos: new Int32Array(256), shown: new Float64Array(256) };
    const few = f.text?.positions;
    if (few) {
      // Few text matches: look at them only, wherever they are.
      for (const i of few) this.consider(i, f, mask, hits);
      return hits;
    }
    const only = f.text?.bytes ?? null;
    for (const [lo, hi] of cellRangesForCircle(f.lat, f.lng, f.radiusM)) {
      const end = this.lowerBound(hi + 1);
      for (let i = this.lowerBound(lo); i < end; i++) {
        if ((this.termSets[i]! & mask) !== mask) continue;
        if (only !== null && only[this.rids[i]!] !== 1) continue;
        this.consider(i, f, mask, hits);
      }
    }
    return hits;
  }

  /** Adds the item at `i` to the hits if it passes the filters and lies inside the circle. */
  private consider(i: number, f: NearFilter, mask: number, hits: NearHits): void {
    if ((this.termSets[i]! & mask) !== mask) return;
    const itemFlags = this.flags[i]!;
    if ((itemFlags & f.flagsMask) !== f.flagsMask) return;
    const g = this.genders[i]!;
    if (f.genderBit !== 0 && g !== 0 && (g & f.genderBit) === 0) return;
    const d = haversineM(f.lat, f.lng, this.lat[i]!, this.lng[i]!);
    if (!(d <= f.radiusM)) return;
    if (hits.count === hits.pos.length) {
      hits.pos = grow(hits.pos, new Int32Array(hits.count * 2));
      hits.shown = grow(hits.shown, new Float64Array(hits.count * 2));
    }
    hits.pos[hits.count] = i;
    // A confidential place is shown (and so sorted) by its distance in whole kilometres.
    hits.shown[hits.count] = (itemFlags & CONFIDENTIAL_BIT) !== 0 ? Math.round(d / 1000) * 1000 : d;
    hits.count++;
  }

  rid(pos: number): number {
    return this.rids[pos]!;
  }

  /** Where an item is in the index, or -1 (remote, or without coordinates). */
  positionOf(rid: number): number {
    return rid >= 0 && rid <= this.maxRid ? this.posOfRid[rid]! : -1;
  }

  /** Whether the item at `pos` carries every flag of the mask and serves the gender (0 = any). */
  passesFlags(pos: number, flagsMask: number, genderBit: number): boolean {
    const g = this.genders[pos]!;
    return (this.flags[pos]! & flagsMask) === flagsMask && (genderBit === 0 || g === 0 || (g & genderBit) !== 0);
  }

  /** The item's stored schedule id, or -1 when it has none. */
  sched(pos: number): number {
    return this.scheds[pos]!;
  }

  point(pos: number): { lat: number; lng: number } {
    return { lat: this.lat[pos]!, lng: this.lng[pos]! };
  }

  /** First position whose cell is at least `cell`. */
  private lowerBound(cell: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cell[mid]! < cell) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Up to this many items, a search waits for the index to be built rather than using the database. */
const WAIT_FOR_BUILD_MAX = 100_000;

/**
 * Keeps the near index of the current data version. A stale index is never used: after an import
 * the database answers until the new index is built (in the background when the data is large;
 * small data is built at once, in milliseconds). `warm` builds it when the server starts listening.
 */
export class NearIndexHolder {
  private index: NearIndex | null = null;
  private building: { version: string | null; counted: Promise<number>; done: Promise<void> } | null = null;
  /** A version whose build failed or was too large: not tried again (the database answers). */
  private gaveUp: string | null | undefined = undefined;
  /** The last build failure, for the health of the process (the database still answers). */
  lastError: unknown = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly readVersion: () => Promise<string | null>,
  ) {}

  /** The index for `version` if it is ready (or worth waiting for), else null. */
  async get(version: string | null): Promise<NearIndex | null> {
    if (this.index?.version === version) return this.index;
    // A search that read the version just before an import landed: answer it from the database
    // rather than dropping the newer index.
    if (this.index && isOlder(version, this.index.version)) return null;
    if (this.gaveUp === version) return null;
    const build = this.start(version);
    // Small data is built in milliseconds: wait. Large data: the database answers meanwhile.
    if ((await build.counted) <= WAIT_FOR_BUILD_MAX) await build.done;
    const ready = this.index; // set by the build
    return ready?.version === version ? ready : null;
  }

  /** What the index is doing for `version`: ready, being built, or not available (too large, or failed). */
  status(version: string | null): 'ready' | 'building' | 'unavailable' {
    if (this.index?.version === version) return 'ready';
    return this.building ? 'building' : 'unavailable';
  }

  /** Builds the index for `version` now (unless it is ready), and waits for it. */
  async prepare(version: string | null): Promise<void> {
    if (this.index?.version === version) return;
    await this.start(version).done;
    if (this.lastError) throw this.lastError instanceof Error ? this.lastError : new Error(String(this.lastError));
  }

  /** Starts building for `version` unless that build is under way. */
  private start(version: string | null): { counted: Promise<number>; done: Promise<void> } {
    if (this.building?.version === version) return this.building;
    const previous = this.building?.done ?? Promise.resolve();
    // Counted at once (not after an earlier build), so a search never waits on someone else's build
    // to learn whether to wait; a failed count makes no one wait.
    const counted = NearIndex.countItems(this.db).catch(() => Infinity);
    const done = previous.then(async () => {
      try {
        // The count taken when the build was asked for: more items now means an import landed,
        // and the build gives up (null) rather than hold a mix.
        const built = await NearIndex.build(this.db, version, await counted);
        // Read again: an import that landed during the build makes it useless.
        if (built && (await this.readVersion()) === version) this.index = built;
        else if (!built) this.gaveUp = version;
        this.lastError = null;
      } catch (e) {
        this.lastError = e;
        this.gaveUp = version;
      } finally {
        if (this.building?.done === done) this.building = null;
      }
    });
    this.building = { version, counted, done };
    return this.building;
  }
}

/** Whether data version `a` is older than `b` (versions count imports up from 1). */
function isOlder(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && /^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) < Number(b);
}

/** The remote services with their areas and terms, in the order the database path lists them. */
async function loadRemote(db: Kysely<Database>): Promise<RemoteItem[] | null> {
  const rows = (await db
    .selectFrom('search_item')
    .selectAll()
    .where('kind', '=', 'remote')
    .orderBy('name')
    .orderBy('rid')
    .limit(MAX_REMOTE + 1)
    .execute()) as ItemRow[];
  if (rows.length > MAX_REMOTE) return null;
  const terms = new Map<number, Set<number>>(rows.map((r) => [Number(r.rid), new Set<number>()]));
  const rids = [...terms.keys()];
  for (let i = 0; i < rids.length; i += 500) {
    const part = await db
      .selectFrom('search_term')
      .select(['rid', 'term'])
      .where('rid', 'in', rids.slice(i, i + 500))
      .execute();
    for (const t of part) terms.get(Number(t.rid))!.add(Number(t.term));
  }
  return rows.map((row) => ({
    row,
    areas: (JSON.parse(row.summary) as ItemSummary).areas ?? [{ kind: 'anywhere' }],
    terms: terms.get(Number(row.rid))!,
  }));
}
