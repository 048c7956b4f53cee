import { sql, type Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.ts';
import type { Database } from '../db/types.ts';
import { reindexServices } from '../directory/indexer.ts';
import { DEMO_TERM_ID, PROTECTED_IDS } from '../directory/taxonomies.ts';
import type { Json } from './model.ts';
import type { StoredParts } from './records.ts';
import * as repo from './repo.ts';

type Db = Kysely<Database>;

function isDemo(doc: Json): boolean {
  return Array.isArray(doc.attributes) && (doc.attributes as Json[]).some((a) => a.taxonomy_term_id === DEMO_TERM_ID);
}

/**
 * A confidential location's address and coordinates never leave the server, so a public export
 * re-imported must not erase them: when the incoming record lacks them, the stored ones stay.
 */
function keepConfidentialFields(incoming: Json, stored: Json | undefined): Json {
  if (!stored || incoming.confidential !== true) return incoming;
  const out: Json = { ...incoming };
  for (const field of [
    'addresses',
    'latitude',
    'longitude',
    'transportation',
    'accessibility',
    'external_identifier',
    'external_identifier_type',
  ]) {
    if (out[field] === undefined && stored[field] !== undefined) out[field] = stored[field];
  }
  return out;
}

function sameDoc(stored: Json | undefined, incoming: Json): boolean {
  return stored !== undefined && JSON.stringify(stored) === JSON.stringify(incoming);
}

export interface SaveOptions {
  /** Services whose set of service_at_locations is exactly the one given (full records). */
  replaceSalsOf: ReadonlySet<string>;
}

/**
 * Writes the parts of one record and re-indexes every service it touches. The caller wraps this in
 * a transaction (or savepoint): a record is never half-written.
 */
export async function saveParts(db: Db, adapter: DialectAdapter, parts: StoredParts, options: SaveOptions): Promise<void> {
  for (const t of parts.taxonomies) if (!PROTECTED_IDS.has(String(t.id))) await repo.upsertTaxonomy(db, t);
  for (const t of parts.terms) if (!PROTECTED_IDS.has(String(t.id))) await repo.upsertTerm(db, t);
  // Organizations and locations are shared by many services: rewrite (and re-index the services
  // that show them) only when they changed, or a large import would re-index the same rows again and again.
  const storedOrgs = await repo.findDocs(
    db,
    'organization',
    parts.organizations.map((o) => String(o.id)),
  );
  const changedOrgs: string[] = [];
  for (const o of parts.organizations) {
    if (sameDoc(storedOrgs.get(String(o.id)), o)) continue;
    await repo.upsertOrganization(db, o, isDemo(o));
    changedOrgs.push(String(o.id));
  }
  const storedLocations = await repo.findDocs(
    db,
    'location',
    parts.locations.map((l) => String(l.id)),
  );
  const changedLocations: string[] = [];
  for (const l of parts.locations) {
    const doc = keepConfidentialFields(l, storedLocations.get(String(l.id)));
    if (sameDoc(storedLocations.get(String(l.id)), doc)) continue;
    await repo.upsertLocation(db, doc);
    changedLocations.push(String(l.id));
  }
  for (const s of parts.services) await repo.upsertService(db, s, isDemo(s));
  for (const serviceId of options.replaceSalsOf) {
    const keep = parts.sals.filter((s) => s.service_id === serviceId).map((s) => String(s.id));
    await repo.deleteSalsOfServiceExcept(db, serviceId, keep);
  }
  for (const s of parts.sals) await repo.upsertSal(db, s);

  const affected = new Set<string>(parts.services.map((s) => String(s.id)));
  for (const s of parts.sals) affected.add(String(s.service_id));
  for (const id of await repo.findServiceIdsAtLocations(db, changedLocations)) affected.add(id);
  for (const id of await repo.findServiceIdsOfOrganizations(db, changedOrgs)) affected.add(id);
  await reindexServices(db, adapter, [...affected]);
}

/** Bumps the data version that caches (places, vocabulary) compare against. */
export async function bumpDataVersion(db: Db): Promise<void> {
  await sql`INSERT INTO meta (key, value) VALUES ('data_version', '1')
    ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)`.execute(db);
}
