import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Json } from './model.ts';

/** Queries over the stored HSDS documents. The caller owns the transaction (`db` may be one). */
type Db = Kysely<Database>;

const CHUNK = 500;

function parse(doc: string): Json {
  return JSON.parse(doc) as Json;
}

async function inChunks<T>(ids: readonly string[], fn: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await fn(ids.slice(i, i + CHUNK))));
  return out;
}

/** Documents of one table by id, as a map. */
export async function findDocs(
  db: Db,
  table: 'organization' | 'service' | 'location' | 'service_at_location' | 'taxonomy' | 'taxonomy_term',
  ids: readonly string[],
): Promise<Map<string, Json>> {
  const unique = [...new Set(ids)];
  const rows = await inChunks(unique, (chunk) => db.selectFrom(table).select(['id', 'doc']).where('id', 'in', chunk).execute());
  return new Map(rows.map((r) => [r.id, parse(r.doc)]));
}

/** Service-at-location documents of these services, ordered by id. */
export async function findSalsOfServices(db: Db, serviceIds: readonly string[]): Promise<Json[]> {
  const rows = await inChunks([...new Set(serviceIds)], (chunk) =>
    db.selectFrom('service_at_location').select('doc').where('service_id', 'in', chunk).orderBy('id').execute(),
  );
  return rows.map((r) => parse(r.doc));
}

export async function findServiceIdsAtLocations(db: Db, locationIds: readonly string[]): Promise<string[]> {
  const rows = await inChunks([...new Set(locationIds)], (chunk) =>
    db.selectFrom('service_at_location').select('service_id').where('location_id', 'in', chunk).execute(),
  );
  return [...new Set(rows.map((r) => r.service_id))];
}

export async function findServiceIdsOfOrganizations(db: Db, orgIds: readonly string[]): Promise<string[]> {
  const rows = await inChunks([...new Set(orgIds)], (chunk) =>
    db.selectFrom('service').select('id').where('organization_id', 'in', chunk).execute(),
  );
  return rows.map((r) => r.id);
}

export async function upsertOrganization(db: Db, doc: Json, isDemo: boolean): Promise<void> {
  const row = {
    id: String(doc.id),
    name: String(doc.name ?? ''),
    doc: JSON.stringify(doc),
    last_modified: null,
    is_demo: isDemo ? 1 : 0,
  };
  await db
    .insertInto('organization')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: row.name, doc: row.doc, is_demo: row.is_demo }))
    .execute();
}

export async function upsertService(db: Db, doc: Json, isDemo: boolean): Promise<void> {
  const row = {
    id: String(doc.id),
    organization_id: typeof doc.organization_id === 'string' ? doc.organization_id : null,
    name: String(doc.name ?? ''),
    status: String(doc.status ?? ''),
    doc: JSON.stringify(doc),
    last_modified: toUtc(doc.last_modified),
    is_demo: isDemo ? 1 : 0,
  };
  const { id: _id, ...update } = row;
  await db
    .insertInto('service')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(update))
    .execute();
}

export async function upsertLocation(db: Db, doc: Json): Promise<void> {
  const row = {
    id: String(doc.id),
    organization_id: typeof doc.organization_id === 'string' ? doc.organization_id : null,
    doc: JSON.stringify(doc),
    confidential: doc.confidential === true ? 1 : 0,
    latitude: typeof doc.latitude === 'number' ? doc.latitude : null,
    longitude: typeof doc.longitude === 'number' ? doc.longitude : null,
    postal_codes: doc.confidential === true ? '' : postalCodes(doc),
  };
  const { id: _id, ...update } = row;
  await db
    .insertInto('location')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(update))
    .execute();
}

function postalCodes(location: Json): string {
  const codes = (Array.isArray(location.addresses) ? (location.addresses as Json[]) : [])
    .map((a) => (typeof a.postal_code === 'string' ? a.postal_code.trim() : ''))
    .filter(Boolean);
  return codes.length > 0 ? `,${[...new Set(codes)].join(',')},` : '';
}

/** Replaces the terms recorded for a service. */
export async function setServiceTerms(db: Db, serviceId: string, termIds: readonly string[]): Promise<void> {
  await db.deleteFrom('service_term').where('service_id', '=', serviceId).execute();
  const unique = [...new Set(termIds)];
  if (unique.length > 0)
    await db
      .insertInto('service_term')
      .values(unique.map((term_id) => ({ term_id, service_id: serviceId })))
      .execute();
}

/** Normalises an RFC 3339 timestamp to UTC so timestamps compare as strings; null if unreadable. */
export function toUtc(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

export async function upsertSal(db: Db, doc: Json): Promise<void> {
  const row = {
    id: String(doc.id),
    service_id: String(doc.service_id),
    location_id: typeof doc.location_id === 'string' ? doc.location_id : null,
    doc: JSON.stringify(doc),
  };
  const { id: _id, ...update } = row;
  await db
    .insertInto('service_at_location')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(update))
    .execute();
}

/** Removes a service's service_at_location rows that are not in `keep`. */
export async function deleteSalsOfServiceExcept(db: Db, serviceId: string, keep: readonly string[]): Promise<void> {
  let q = db.deleteFrom('service_at_location').where('service_id', '=', serviceId);
  if (keep.length > 0) q = q.where('id', 'not in', [...keep]);
  await q.execute();
}

export async function upsertTaxonomy(db: Db, doc: Json): Promise<void> {
  const row = { id: String(doc.id), name: String(doc.name ?? ''), doc: JSON.stringify(doc) };
  await db
    .insertInto('taxonomy')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: row.name, doc: row.doc }))
    .execute();
}

export async function upsertTerm(db: Db, doc: Json): Promise<void> {
  const row = {
    id: String(doc.id),
    taxonomy_id: typeof doc.taxonomy_id === 'string' ? doc.taxonomy_id : null,
    code: typeof doc.code === 'string' ? doc.code : null,
    name: String(doc.name ?? ''),
    doc: JSON.stringify(doc),
  };
  const { id: _id, ...update } = row;
  await db
    .insertInto('taxonomy_term')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(update))
    .execute();
}

/** Integer keys of taxonomy terms (the search index stores these, not UUIDs). */
export async function findTermKeys(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await inChunks([...new Set(ids)], (chunk) =>
    db.selectFrom('taxonomy_term').select(['id', 'key']).where('id', 'in', chunk).execute(),
  );
  return new Map(rows.map((r) => [r.id, Number(r.key)]));
}
