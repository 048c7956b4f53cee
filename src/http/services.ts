import type { AppContext } from './app.ts';
import { ScheduleCache } from '../directory/schedule-cache.ts';
import { SearchCache, searchKey } from '../directory/search-cache.ts';
import { searchServices } from '../directory/search.ts';
import type { SearchParams, SearchResponse } from '../directory/schema.ts';
import { PlaceService } from '../places/service.ts';

/** Bytes of serialised answers the search cache keeps (about 1 500 pages of 20 results). */
const SEARCH_CACHE_BYTES = 32 * 1024 * 1024;

/** Long-lived service objects shared by the routes of one app (caches live here). */
export interface Services {
  ctx: AppContext;
  places: PlaceService;
  schedules: ScheduleCache;
  searchCache: SearchCache;
  search(params: SearchParams): Promise<SearchResponse>;
  /** The same search, serialised, answered from the cache when the same search ran this minute. */
  searchJson(params: SearchParams): Promise<string>;
}

export function createServices(ctx: AppContext): Services {
  const places = new PlaceService(ctx.handle.db);
  const schedules = new ScheduleCache(ctx.config.timezone);
  const searchCache = new SearchCache(SEARCH_CACHE_BYTES);

  /**
   * Another process (`harbour import`) may have changed the data: compare the data version every
   * import bumps, and drop what was derived from the old data. One indexed read per search.
   */
  const syncVersion = async (): Promise<void> => {
    if (searchCache.sync(await ctx.handle.adapter.dataVersion(ctx.handle.db))) {
      ctx.handle.adapter.invalidate();
      places.invalidate();
    }
  };
  /** "Now" to the minute: opening hours are published to the minute, and equal searches share an answer. */
  const minuteNow = (): Date => {
    const now = ctx.now().getTime();
    return new Date(now - (now % 60_000));
  };
  const run = (params: SearchParams, now: Date) =>
    searchServices({ handle: ctx.handle, places, schedules, timezone: ctx.config.timezone, now: () => now }, params);

  return {
    ctx,
    places,
    schedules,
    searchCache,
    search: async (params) => {
      await syncVersion();
      return run(params, minuteNow());
    },
    searchJson: async (params) => {
      await syncVersion();
      const now = minuteNow();
      const key = searchKey(params, now.getTime());
      const cached = searchCache.get(key);
      if (cached !== undefined) return cached;
      const json = JSON.stringify(await run(params, now));
      searchCache.set(key, json);
      return json;
    },
  };
}
