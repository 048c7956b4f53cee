import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { collectTermIds, composeSalView, composeService, expandTerms, type ComposeOptions, type Lookup } from './compose.ts';
import { canonicalize } from './canonical.ts';
import type { HsdsType, Json } from './model.ts';
import { findDocs, findSalsOfServices } from './repo.ts';

type Db = Kysely<Database>;

/** Loads what compositions of these documents need: organizations, locations, terms, taxonomies. */
async function loadLookup(db: Db, docs: { type: HsdsType; doc: Json }[], orgIds: string[], locIds: string[]): Promise<Lookup> {
  const organizations = await findDocs(db, 'organization', orgIds);
  const locations = await findDocs(db, 'location', locIds);
  const termIds = new Set<string>();
  for (const { type, doc } of docs) collectTermIds(type, doc, termIds);
  for (const o of organizations.values()) collectTermIds('organization', o, termIds);
  for (const l of locations.values()) collectTermIds('location', l, termIds);
  const terms = await findDocs(db, 'taxonomy_term', [...termIds]);
  const taxonomies = await findDocs(db, 'taxonomy', [...terms.values()].map((t) => String(t.taxonomy_id ?? '')).filter(Boolean));
  return { organizations, locations, terms, taxonomies };
}

const idOf = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Full HSDS services (as `GET /hsds/services/{id}`), in the order of `ids`; unknown ids skipped. */
export async function loadFullServices(db: Db, ids: readonly string[], options: ComposeOptions): Promise<Json[]> {
  const services = await findDocs(db, 'service', ids);
  const sals = await findSalsOfServices(db, [...services.keys()]);
  const lookup = await loadLookup(
    db,
    [
      ...[...services.values()].map((doc) => ({ type: 'service' as const, doc })),
      ...sals.map((doc) => ({ type: 'service_at_location' as const, doc })),
    ],
    [...services.values()].map((s) => idOf(s.organization_id)).filter(Boolean),
    sals.map((s) => idOf(s.location_id)).filter(Boolean),
  );
  const out: Json[] = [];
  for (const id of ids) {
    const service = services.get(id);
    if (!service) continue;
    out.push(
      composeService(
        service,
        sals.filter((s) => s.service_id === id),
        lookup,
        options,
      ),
    );
  }
  return out;
}

/** Service-at-location views (with location and service), in the order of `ids`. */
export async function loadSalViews(db: Db, ids: readonly string[], options: ComposeOptions): Promise<Json[]> {
  const sals = await findDocs(db, 'service_at_location', ids);
  const services = await findDocs(
    db,
    'service',
    [...sals.values()].map((s) => idOf(s.service_id)),
  );
  const lookup = await loadLookup(
    db,
    [
      ...[...sals.values()].map((doc) => ({ type: 'service_at_location' as const, doc })),
      ...[...services.values()].map((doc) => ({ type: 'service' as const, doc })),
    ],
    [...services.values()].map((s) => idOf(s.organization_id)).filter(Boolean),
    [...sals.values()].map((s) => idOf(s.location_id)).filter(Boolean),
  );
  const out: Json[] = [];
  for (const id of ids) {
    const sal = sals.get(id);
    const service = sal ? services.get(idOf(sal.service_id)) : undefined;
    if (sal && service) out.push(composeSalView(sal, service, lookup, options));
  }
  return out;
}

/** Organizations with their attributes' terms expanded, in the order of `ids`. */
export async function loadOrganizations(db: Db, ids: readonly string[]): Promise<Json[]> {
  const orgs = await findDocs(db, 'organization', ids);
  const lookup = await loadLookup(
    db,
    [...orgs.values()].map((doc) => ({ type: 'organization' as const, doc })),
    [],
    [],
  );
  return ids.flatMap((id) => {
    const org = orgs.get(id);
    return org ? [expandTerms('organization', org, lookup)] : [];
  });
}

/** Taxonomy terms with their taxonomy nested (`taxonomy_detail`), in the order of `ids`. */
export async function loadTerms(db: Db, ids: readonly string[]): Promise<Json[]> {
  const terms = await findDocs(db, 'taxonomy_term', ids);
  const taxonomies = await findDocs(db, 'taxonomy', [...terms.values()].map((t) => idOf(t.taxonomy_id)).filter(Boolean));
  return ids.flatMap((id) => {
    const term = terms.get(id);
    if (!term) return [];
    const taxonomy = taxonomies.get(idOf(term.taxonomy_id));
    return [taxonomy ? canonicalize('taxonomy_term', { ...term, taxonomy_detail: taxonomy }) : term];
  });
}
