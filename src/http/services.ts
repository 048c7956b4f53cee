import type { AppContext } from './app.ts';
import { ScheduleCache } from '../directory/schedule-cache.ts';
import { searchServices } from '../directory/search.ts';
import type { SearchParams, SearchResponse } from '../directory/schema.ts';
import { PlaceService } from '../places/service.ts';

/** Long-lived service objects shared by the routes of one app (caches live here). */
export interface Services {
  ctx: AppContext;
  places: PlaceService;
  schedules: ScheduleCache;
  search(params: SearchParams): Promise<SearchResponse>;
}

export function createServices(ctx: AppContext): Services {
  const places = new PlaceService(ctx.handle.db);
  const schedules = new ScheduleCache(ctx.config.timezone);
  return {
    ctx,
    places,
    schedules,
    search: (params) =>
      searchServices({ handle: ctx.handle, places, schedules, timezone: ctx.config.timezone, now: ctx.now }, params),
  };
}
