import type { AppContext } from './app.ts';
import { NearIndexHolder } from '../directory/near-index.ts';
import { OpenMemo, ScheduleCache } from '../directory/schedule-cache.ts';
import { SearchCache, searchKey } from '../directory/search-cache.ts';
import { searchServices } from '../directory/search.ts';
import { localDataVersionBumps } from '../hsds/store.ts';
import type { SearchParams, SearchResponse } from '../directory/schema.ts';
import { PlaceService } from '../places/service.ts';
import type { Keyring } from '../keys/keyring.ts';

/** Bytes of serialised answers the search cache keeps (about 2 000 pages of 20 results). */
const SEARCH_CACHE_BYTES = 32 * 1024 * 1024;

/** Long-lived service objects shared by the routes of one app (caches live here). */
export interface Services {
  ctx: AppContext;
  /** Encryption and keyed hashes for everything sensitive (src/keys). */
  keys: Keyring;
  /** The key CSRF tokens are derived with. */
  csrfKey: Buffer;
  places: PlaceService;
  schedules: ScheduleCache;
  searchCache: SearchCache;
  search(params: SearchParams): Promise<SearchResponse>;
  /** The same search as UTF-8 JSON, answered from the cache when the same search ran this second. */
  searchJson(params: SearchParams): Promise<Buffer>;
  /** Builds what searches need for the current data (the near index) before anyone asks. */
  warm(): Promise<void>;
  /** Whether near searches are answered from memory for the current data (else from the database). */
  nearIndexStatus(): Promise<'ready' | 'building' | 'unavailable'>;
}

export function createServices(ctx: AppContext, keys: Keyring): Services {
  const places = new PlaceService(ctx.handle.db);
  const schedules = new ScheduleCache(ctx.config.timezone);
  const searchCache = new SearchCache(SEARCH_CACHE_BYTES);
  const openMemo = new OpenMemo(schedules);
  const nearIndex = new NearIndexHolder(ctx.handle.db, () => ctx.handle.adapter.dataVersion(ctx.handle.db));

  /**
   * The data version, read once per turn of the event loop: the searches that arrive together
   * share one read (under load that read was a tenth of the time a cached answer took). The read is
   * forgotten in the check phase of the turn that made it, and requests are read from their sockets
   * in the poll phase, so a request that arrives after a change committed (an import by another
   * process) starts a read of its own and sees the change. A bump by this process forgets the read
   * at once. What is left: on PostgreSQL, a read started inside a writer's transaction, after its
   * bump and before its commit, could serve a search made in the same turn right after that commit;
   * no handler searches in the turn it committed (it answers, and the next request comes later).
   */
  let versionRead: { version: Promise<string | null>; bumps: number } | null = null;
  const readVersion = (): Promise<string | null> => {
    const bumps = localDataVersionBumps();
    if (versionRead?.bumps === bumps) return versionRead.version;
    const read = { version: ctx.handle.adapter.dataVersion(ctx.handle.db), bumps };
    versionRead = read;
    setImmediate(() => {
      if (versionRead === read) versionRead = null;
    });
    return read.version;
  };
  /**
   * Another process (`harbour import`) may have changed the data: compare the data version every
   * import bumps, and drop what was derived from the old data.
   */
  const syncVersion = async (): Promise<string | null> => {
    const version = await readVersion();
    if (searchCache.sync(version)) {
      ctx.handle.adapter.invalidate();
      places.invalidate();
    }
    return version;
  };
  /**
   * "Now" to the whole second: schedule times are whole seconds and windows are half-open, so this
   * gives exactly the answer of the precise instant, and equal searches in one second share it.
   */
  const secondNow = (): Date => {
    const now = ctx.now().getTime();
    return new Date(now - (((now % 1000) + 1000) % 1000));
  };
  const run = async (params: SearchParams, now: Date, version: string | null) =>
    searchServices(
      {
        handle: ctx.handle,
        places,
        schedules,
        timezone: ctx.config.timezone,
        now: () => now,
        near: await nearIndex.get(version),
        openMemo,
      },
      params,
    );

  return {
    ctx,
    keys,
    csrfKey: keys.secret('csrf'),
    places,
    schedules,
    searchCache,
    search: async (params) => run(params, secondNow(), await syncVersion()),
    warm: async () => nearIndex.prepare(await syncVersion()),
    nearIndexStatus: async () => nearIndex.status(await syncVersion()),
    searchJson: async (params) => {
      const version = await syncVersion();
      const now = secondNow();
      // An explicit instant gives the same answer whenever it is asked: only "now" (given, or
      // implied by a search without open_at, whose results still say open or closed) ties an
      // answer to the current second.
      const timeless = params.open_at !== undefined && params.open_at !== 'now';
      const key = searchKey(params, timeless ? 0 : now.getTime());
      const cached = searchCache.get(key);
      if (cached !== undefined) return cached;
      // Kept encoded: a cached answer is sent as it is, never encoded again. In a buffer of its
      // own: Buffer.from puts a short string in a slice of a shared 8 KiB block, which a kept
      // slice would hold whole, outside the cache's byte count.
      const text = JSON.stringify(await run(params, now, version));
      const json = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
      json.write(text);
      // Kept only if no import landed while it ran (the cache is then on a newer version).
      searchCache.set(key, json, version);
      return json;
    },
  };
}
