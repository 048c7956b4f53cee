import { sql, type Kysely } from 'kysely';
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

/** Rows per multi-row statement: well under SQLite's 32 766 and PostgreSQL's 65 535 parameters. */
const ROWS_PER_STATEMENT = 200;

type DocTable = 'organization' | 'service' | 'location' | 'service_at_location' | 'taxonomy' | 'taxonomy_term';

/** Multi-row insert-or-update by id: on a conflict every given column takes the new value. */
async function upsertMany(db: Db, table: DocTable, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).filter((c) => c !== 'id');
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + ROWS_PER_STATEMENT) as never)
      .onConflict((oc) => oc.column('id').doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]))))
      .execute();
  }
}

export async function upsertOrganizations(db: Db, docs: readonly { doc: Json; isDemo: boolean }[]): Promise<void> {
  await upsertMany(
    db,
    'organization',
    docs.map(({ doc, isDemo }) => ({
      id: String(doc.id),
      name: String(doc.name ?? ''),
      doc: JSON.stringify(doc),
      last_modified: null,
      is_demo: isDemo ? 1 : 0,
    })),
  );
}

export async function upsertServices(db: Db, docs: readonly { doc: Json; isDemo: boolean }[]): Promise<void> {
  await upsertMany(
    db,
    'service',
    docs.map(({ doc, isDemo }) => ({
      id: String(doc.id),
      organization_id: typeof doc.organization_id === 'string' ? doc.organization_id : null,
      name: String(doc.name ?? ''),
      status: String(doc.status ?? ''),
      doc: JSON.stringify(doc),
      last_modified: toUtc(doc.last_modified),
      is_demo: isDemo ? 1 : 0,
    })),
  );
}

export async function upsertLocations(db: Db, docs: readonly Json[]): Promise<void> {
  await upsertMany(
    db,
    'location',
    docs.map((doc) => ({
      id: String(doc.id),
      organization_id: typeof doc.organization_id === 'string' ? doc.organization_id : null,
      doc: JSON.stringify(doc),
      confidential: doc.confidential === true ? 1 : 0,
      latitude: typeof doc.latitude === 'number' ? doc.latitude : null,
      longitude: typeof doc.longitude === 'number' ? doc.longitude : null,
      postal_codes: doc.confidential === true ? '' : postalCodes(doc),
    })),
  );
}

export async function upsertSals(db: Db, docs: readonly Json[]): Promise<void> {
  await upsertMany(
    db,
    'service_at_location',
    docs.map((doc) => ({
      id: String(doc.id),
      service_id: String(doc.service_id),
      location_id: typeof doc.location_id === 'string' ? doc.location_id : null,
      doc: JSON.stringify(doc),
    })),
  );
}

export async function upsertTaxonomies(db: Db, docs: readonly Json[]): Promise<void> {
  await upsertMany(
    db,
    'taxonomy',
    docs.map((doc) => ({ id: String(doc.id), name: String(doc.name ?? ''), doc: JSON.stringify(doc) })),
  );
}

export async function upsertTerms(db: Db, docs: readonly Json[]): Promise<void> {
  await upsertMany(
    db,
    'taxonomy_term',
    docs.map((doc) => ({
      id: String(doc.id),
      taxonomy_id: typeof doc.taxonomy_id === 'string' ? doc.taxonomy_id : null,
      code: typeof doc.code === 'string' ? doc.code : null,
      name: String(doc.name ?? ''),
      doc: JSON.stringify(doc),
    })),
  );
}

/** Removes service_at_location rows of these services that are not in `keep`. */
export async function deleteSalsExcept(db: Db, serviceIds: readonly string[], keep: ReadonlySet<string>): Promise<void> {
  for (let i = 0; i < serviceIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('service_at_location')
      .select('id')
      .where('service_id', 'in', serviceIds.slice(i, i + CHUNK))
      .execute();
    const gone = rows.map((r) => r.id).filter((id) => !keep.has(id));
    for (let j = 0; j < gone.length; j += CHUNK)
      await db
        .deleteFrom('service_at_location')
        .where('id', 'in', gone.slice(j, j + CHUNK))
        .execute();
  }
}

function postalCodes(location: Json): string {
  const codes = (Array.isArray(location.addresses) ? (location.addresses as Json[]) : [])
    .map((a) => (typeof a.postal_code === 'string' ? a.postal_code.trim() : ''))
    .filter(Boolean);
  return codes.length > 0 ? `,${[...new Set(codes)].join(',')},` : '';
}

/** Replaces the terms recorded for these services. */
export async function setServiceTerms(db: Db, terms: ReadonlyMap<string, readonly string[]>): Promise<void> {
  const ids = [...terms.keys()];
  for (let i = 0; i < ids.length; i += CHUNK)
    await db
      .deleteFrom('service_term')
      .where('service_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
  const rows = [...terms].flatMap(([service_id, termIds]) => [...new Set(termIds)].map((term_id) => ({ term_id, service_id })));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    await db
      .insertInto('service_term')
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .execute();
}

/** Normalises an RFC 3339 timestamp to UTC so timestamps compare as strings; null if unreadable. */
export function toUtc(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/** Integer keys of taxonomy terms (the search index stores these, not UUIDs). */
export async function findTermKeys(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await inChunks([...new Set(ids)], (chunk) =>
    db.selectFrom('taxonomy_term').select(['id', 'key']).where('id', 'in', chunk).execute(),
  );
  return new Map(rows.map((r) => [r.id, Number(r.key)]));
}
