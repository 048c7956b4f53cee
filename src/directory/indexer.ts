import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.ts';
import type { Database } from '../db/types.ts';
import type { Json } from '../hsds/model.ts';
import { findDocs, findSalsOfServices, setServiceTerms } from '../hsds/repo.ts';
import { buildItems, type ItemSpec } from './index-builder.ts';
import { deleteItemsOfServices, insertItems } from './index-repo.ts';

/**
 * Rebuilds the search index rows of these services from their stored documents. Runs inside the
 * caller's transaction, so a record and its index change together.
 */
export async function reindexServices(
  db: Kysely<Database>,
  adapter: DialectAdapter,
  serviceIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(serviceIds)];
  if (ids.length === 0) return;
  await deleteItemsOfServices(db, adapter, ids);
  const services = await findDocs(db, 'service', ids);
  const sals = await findSalsOfServices(db, ids);
  const salsByService = new Map<string, Json[]>();
  for (const sal of sals) {
    const list = salsByService.get(String(sal.service_id)) ?? [];
    list.push(sal);
    salsByService.set(String(sal.service_id), list);
  }
  const locations = await findDocs(db, 'location', sals.map((s) => String(s.location_id ?? '')).filter(Boolean));
  const orgs = await findDocs(
    db,
    'organization',
    [...services.values()].map((s) => String(s.organization_id ?? '')).filter(Boolean),
  );
  const termIds = new Set([...services.values(), ...sals].flatMap(attributeTermIds));
  const terms = await findDocs(db, 'taxonomy_term', [...termIds]);
  const termNames = new Map([...terms].map(([id, t]) => [id, String(t.name ?? '')]));
  const items: ItemSpec[] = [];
  for (const service of services.values()) {
    const own = [service, ...(salsByService.get(String(service.id)) ?? [])];
    await setServiceTerms(db, String(service.id), own.flatMap(attributeTermIds));
    const orgId = typeof service.organization_id === 'string' ? service.organization_id : '';
    items.push(
      ...buildItems(service, salsByService.get(String(service.id)) ?? [], {
        organization: orgs.get(orgId),
        locations,
        termNames,
      }),
    );
  }
  await insertItems(db, adapter, items);
}

function attributeTermIds(doc: Json): string[] {
  const attributes = Array.isArray(doc.attributes) ? (doc.attributes as Json[]) : [];
  return attributes.map((a) => a.taxonomy_term_id).filter((id): id is string => typeof id === 'string');
}
