import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.ts';
import type { Database } from '../db/types.ts';
import type { Json } from '../hsds/model.ts';
import { findDocs, findSalsOfServices, setServiceTerms } from '../hsds/repo.ts';
import { buildItems, type ItemSpec } from './index-builder.ts';
import { deleteItemsOfServices, insertItems } from './index-repo.ts';

/** Documents the caller already holds (just written): the indexer loads only the rest. */
export interface KnownDocs {
  services?: readonly Json[];
  organizations?: readonly Json[];
  locations?: readonly Json[];
  /** Complete SAL lists of some services. */
  salsOf?: ReadonlyMap<string, readonly Json[]>;
}

function byId(docs: readonly Json[] | undefined): Map<string, Json> {
  return new Map((docs ?? []).map((d) => [String(d.id), d]));
}

async function withMissing(
  db: Kysely<Database>,
  table: 'service' | 'location' | 'organization',
  known: Map<string, Json>,
  ids: Iterable<string>,
): Promise<Map<string, Json>> {
  const missing = [...new Set(ids)].filter((id) => id !== '' && !known.has(id));
  if (missing.length > 0) for (const [id, doc] of await findDocs(db, table, missing)) known.set(id, doc);
  return known;
}

function attributeTermIds(doc: Json): string[] {
  const attributes = Array.isArray(doc.attributes) ? (doc.attributes as Json[]) : [];
  return attributes.map((a) => a.taxonomy_term_id).filter((id): id is string => typeof id === 'string');
}

/**
 * Rebuilds the search index rows (and the service→term table) of these services from their
 * documents. Runs inside the caller's transaction, so a record and its index change together.
 */
export async function reindexServices(
  db: Kysely<Database>,
  adapter: DialectAdapter,
  serviceIds: readonly string[],
  known: KnownDocs = {},
): Promise<void> {
  const ids = [...new Set(serviceIds)];
  if (ids.length === 0) return;
  await deleteItemsOfServices(db, adapter, ids);
  const services = await withMissing(db, 'service', byId(known.services), ids);
  const salsByService = new Map<string, Json[]>();
  const unknownSals = ids.filter((id) => !known.salsOf?.has(id));
  for (const id of ids) if (known.salsOf?.has(id)) salsByService.set(id, [...known.salsOf.get(id)!]);
  for (const sal of await findSalsOfServices(db, unknownSals)) {
    const list = salsByService.get(String(sal.service_id)) ?? [];
    list.push(sal);
    salsByService.set(String(sal.service_id), list);
  }
  const allSals = [...salsByService.values()].flat();
  const locations = await withMissing(
    db,
    'location',
    byId(known.locations),
    allSals.map((s) => String(s.location_id ?? '')),
  );
  const orgs = await withMissing(
    db,
    'organization',
    byId(known.organizations),
    [...services.values()].map((s) => String(s.organization_id ?? '')),
  );
  const termIds = new Set([...services.values(), ...allSals].flatMap(attributeTermIds));
  const terms = await findDocs(db, 'taxonomy_term', [...termIds]);
  const termNames = new Map([...terms].map(([id, t]) => [id, String(t.name ?? '')]));
  const items: ItemSpec[] = [];
  const termsOf = new Map<string, string[]>();
  for (const id of ids) {
    const service = services.get(id);
    if (!service) continue;
    const sals = salsByService.get(id) ?? [];
    termsOf.set(id, [service, ...sals].flatMap(attributeTermIds));
    items.push(
      ...buildItems(service, sals, { organization: orgs.get(String(service.organization_id ?? '')), locations, termNames }),
    );
  }
  await setServiceTerms(db, termsOf);
  await insertItems(db, adapter, items);
}
