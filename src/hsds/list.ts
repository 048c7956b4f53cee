import type { Kysely } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/types.ts';
import { parseTextQuery } from '../directory/text-query.ts';
import { AppError } from '../http/errors.ts';
import { haversineM } from '../shared/geo.ts';
import { normalizeText } from '../shared/text.ts';
import { toUtc } from './repo.ts';

type K = Kysely<Database>;

export interface ServiceFilter {
  search?: string;
  taxonomy_term_id?: string;
  taxonomy_id?: string;
  organization_id?: string;
  modified_after?: string;
}

/** Ids in the order results are listed (by relevance when searching, else by id), fetched a page at a time. */
export interface IdList {
  total(): Promise<number>;
  slice(offset: number, limit: number): Promise<string[]>;
}

/** An id list already in memory. */
export function idArray(ids: string[]): IdList {
  return { total: async () => ids.length, slice: async (offset, limit) => ids.slice(offset, offset + limit) };
}

function modifiedAfter(value: string): string {
  const utc = toUtc(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (!utc) throw new AppError('invalid_request', `"modified_after" is not a date-time: ${value}`);
  return utc;
}

/** Service ids whose text matches, best first (the search index covers active services). */
async function textMatchedServiceIds(handle: Db, search: string): Promise<string[]> {
  const { db, adapter } = handle;
  const query = await parseTextQuery(search, (w) => adapter.suggestWords(db, w));
  if (query.length === 0) return [];
  const hits = await adapter.matchText(db, query, null);
  const rids = hits.map((h) => h.rid);
  const byRid = new Map<number, string>();
  for (let i = 0; i < rids.length; i += 500) {
    const rows = await db
      .selectFrom('search_item')
      .select(['rid', 'service_id'])
      .where('rid', 'in', rids.slice(i, i + 500))
      .execute();
    for (const r of rows) byRid.set(Number(r.rid), r.service_id);
  }
  return [...new Set(rids.map((rid) => byRid.get(rid)).filter((id): id is string => id !== undefined))];
}

function applyServiceFilters(db: K, f: ServiceFilter) {
  let q = db.selectFrom('service').select('service.id');
  if (f.organization_id) q = q.where('service.organization_id', '=', f.organization_id);
  if (f.modified_after) q = q.where('service.last_modified', '>=', modifiedAfter(f.modified_after));
  if (f.taxonomy_term_id) {
    q = q.where('service.id', 'in', db.selectFrom('service_term').select('service_id').where('term_id', '=', f.taxonomy_term_id));
  }
  if (f.taxonomy_id) {
    q = q.where(
      'service.id',
      'in',
      db
        .selectFrom('service_term')
        .innerJoin('taxonomy_term', 'taxonomy_term.id', 'service_term.term_id')
        .select('service_term.service_id')
        .where('taxonomy_term.taxonomy_id', '=', f.taxonomy_id),
    );
  }
  return q;
}

/** Service ids matching every filter (AND). */
export async function listServiceIds(handle: Db, f: ServiceFilter): Promise<IdList> {
  const { db } = handle;
  if (f.search?.trim()) {
    const ranked = await textMatchedServiceIds(handle, f.search);
    const keep = new Set<string>();
    for (let i = 0; i < ranked.length; i += 500) {
      const rows = await applyServiceFilters(db, f)
        .where('service.id', 'in', ranked.slice(i, i + 500))
        .execute();
      for (const r of rows) keep.add(r.id);
    }
    return idArray(ranked.filter((id) => keep.has(id)));
  }
  return {
    total: async () => {
      const row = await db
        .selectFrom(applyServiceFilters(db, f).as('m'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    slice: async (offset, limit) =>
      (await applyServiceFilters(db, f).orderBy('service.id').limit(limit).offset(offset).execute()).map((r) => r.id),
  };
}

export interface SalFilter extends ServiceFilter {
  postcode?: string;
  proximity?: number;
}

/** Service-at-location ids matching every filter; postcode and proximity use public locations only. */
export async function listSalIds(handle: Db, f: SalFilter): Promise<IdList> {
  const { db } = handle;
  if (f.proximity !== undefined && !f.postcode) {
    throw new AppError('invalid_request', '"proximity" is measured from the centre of a "postcode": give both.');
  }
  const salsOfMatchingServices = () =>
    db
      .selectFrom('service_at_location')
      .select('service_at_location.id')
      .where('service_at_location.service_id', 'in', applyServiceFilters(db, f));
  if (f.search?.trim()) {
    const ranked = await listServiceIds(handle, f);
    const order = await ranked.slice(0, await ranked.total());
    const rows = await inChunks(order, (part) =>
      db.selectFrom('service_at_location').select(['id', 'service_id']).where('service_id', 'in', part).orderBy('id').execute(),
    );
    const rank = new Map(order.map((id, i) => [id, i]));
    const located = f.postcode ? new Set(await salIdsAtPostcode(handle, f)) : null;
    return idArray(
      rows
        .filter((r) => !located || located.has(r.id))
        .sort((x, y) => rank.get(x.service_id)! - rank.get(y.service_id)!)
        .map((r) => r.id),
    );
  }
  if (f.postcode) {
    const ids = new Set(await salIdsAtPostcode(handle, f));
    const matching = await inChunks([...ids], (part) =>
      salsOfMatchingServices().where('service_at_location.id', 'in', part).execute(),
    );
    return idArray(matching.map((r) => r.id).sort());
  }
  return {
    total: async () => {
      const row = await db
        .selectFrom(salsOfMatchingServices().as('m'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    slice: async (offset, limit) =>
      (await salsOfMatchingServices().orderBy('service_at_location.id').limit(limit).offset(offset).execute()).map((r) => r.id),
  };
}

/**
 * SALs at public locations with this postal code or, with `proximity`, within that many metres of
 * the centroid of those locations. Confidential locations never match: a postcode would place them.
 */
async function salIdsAtPostcode(handle: Db, f: SalFilter): Promise<string[]> {
  const { db } = handle;
  const code = `%,${f.postcode!.trim()},%`;
  const atCode = await db
    .selectFrom('location')
    .select(['id', 'latitude', 'longitude'])
    .where('confidential', '=', 0)
    .where('postal_codes', 'like', code)
    .execute();
  let locationIds = atCode.map((l) => l.id);
  if (f.proximity !== undefined) {
    const located = atCode.filter((l) => l.latitude !== null && l.longitude !== null);
    if (located.length === 0) return [];
    const lat = located.reduce((sum, l) => sum + l.latitude!, 0) / located.length;
    const lng = located.reduce((sum, l) => sum + l.longitude!, 0) / located.length;
    const dLat = f.proximity / 111_000;
    const dLng = dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
    const near = await db
      .selectFrom('location')
      .select(['id', 'latitude', 'longitude'])
      .where('confidential', '=', 0)
      .where('latitude', '>=', lat - dLat)
      .where('latitude', '<=', lat + dLat)
      .where('longitude', '>=', lng - dLng)
      .where('longitude', '<=', lng + dLng)
      .execute();
    locationIds = near.filter((l) => haversineM(lat, lng, l.latitude!, l.longitude!) <= f.proximity!).map((l) => l.id);
  }
  const sals = await inChunks(locationIds, (part) =>
    db.selectFrom('service_at_location').select('id').where('location_id', 'in', part).execute(),
  );
  return sals.map((r) => r.id);
}

async function inChunks<T>(ids: readonly string[], fn: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await fn(ids.slice(i, i + 500))));
  return out;
}

/** Organization ids, by id; `search` matches words of the name (case- and accent-insensitive). */
export async function listOrganizationIds(handle: Db, search: string | undefined): Promise<IdList> {
  const rows = await handle.db.selectFrom('organization').select(['id', 'name']).orderBy('id').execute();
  return idArray(rows.filter((r) => matchesWords(r.name, search)).map((r) => r.id));
}

/** True when every word of `search` starts a word of `text` (small tables: taxonomies, organizations). */
export function matchesWords(text: string, search: string | undefined): boolean {
  if (!search?.trim()) return true;
  const words = normalizeText(text).split(' ');
  return normalizeText(search)
    .split(' ')
    .every((q) => words.some((w) => w.startsWith(q)));
}
