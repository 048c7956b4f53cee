import { sql, type Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.ts';
import type { Database } from '../db/types.ts';
import { reindexServices } from '../directory/indexer.ts';
import { DEMO_TERM_ID, PROTECTED_IDS } from '../directory/taxonomies.ts';
import { CONFIDENTIAL_FIELDS } from './compose.ts';
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
  for (const field of CONFIDENTIAL_FIELDS) {
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

/** Keeps the last copy of each id (a later record in a batch wins, as if written in order). */
function lastById(docs: readonly Json[]): Json[] {
  return [...new Map(docs.map((d) => [String(d.id), d])).values()];
}

/**
 * Writes the parts of one record, or of a batch of records, with multi-row statements, and
 * re-indexes every service they touch. The caller wraps this in a transaction or savepoint: a
 * record is never half-written.
 */
export async function saveParts(db: Db, adapter: DialectAdapter, parts: StoredParts, options: SaveOptions): Promise<void> {
  await repo.upsertTaxonomies(
    db,
    lastById(parts.taxonomies).filter((t) => !PROTECTED_IDS.has(String(t.id))),
  );
  await repo.upsertTerms(
    db,
    lastById(parts.terms).filter((t) => !PROTECTED_IDS.has(String(t.id))),
  );
  // Organizations and locations are shared by many services: rewrite them (and re-index the
  // services that show them) only when they changed, or an import would redo the same rows.
  const orgs = lastById(parts.organizations);
  const storedOrgs = await repo.findDocs(
    db,
    'organization',
    orgs.map((o) => String(o.id)),
  );
  const changedOrgs = orgs.filter((o) => !sameDoc(storedOrgs.get(String(o.id)), o));
  await repo.upsertOrganizations(
    db,
    changedOrgs.map((doc) => ({ doc, isDemo: isDemo(doc) })),
  );
  const locations = lastById(parts.locations);
  const storedLocations = await repo.findDocs(
    db,
    'location',
    locations.map((l) => String(l.id)),
  );
  const merged = locations.map((l) => keepConfidentialFields(l, storedLocations.get(String(l.id))));
  const changedLocations = merged.filter((l) => !sameDoc(storedLocations.get(String(l.id)), l));
  await repo.upsertLocations(db, changedLocations);
  const services = lastById(parts.services);
  await repo.upsertServices(
    db,
    services.map((doc) => ({ doc, isDemo: isDemo(doc) })),
  );
  const sals = lastById(parts.sals);
  await repo.deleteSalsExcept(db, [...options.replaceSalsOf], new Set(sals.map((s) => String(s.id))));
  await repo.upsertSals(db, sals);

  const affected = new Set<string>(services.map((s) => String(s.id)));
  for (const s of sals) affected.add(String(s.service_id));
  for (const id of await repo.findServiceIdsAtLocations(
    db,
    changedLocations.map((l) => String(l.id)),
  ))
    affected.add(id);
  for (const id of await repo.findServiceIdsOfOrganizations(
    db,
    changedOrgs.map((o) => String(o.id)),
  ))
    affected.add(id);
  // Services whose SAL set this batch replaced: their SALs are known without a query.
  const salsOf = new Map<string, Json[]>([...options.replaceSalsOf].map((id) => [id, []]));
  for (const sal of sals) salsOf.get(String(sal.service_id))?.push(sal);
  await reindexServices(db, adapter, [...affected], { services, organizations: orgs, locations: merged, salsOf });
}

let localBumps = 0;

/** Bumps the data version that caches (places, vocabulary, searches) compare against. */
export async function bumpDataVersion(db: Db): Promise<void> {
  await sql`INSERT INTO meta (key, value) VALUES ('data_version', '1')
    ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)`.execute(db);
  localBumps++;
}

/**
 * How many times this process has bumped the data version: a version read before a bump is stale.
 * Counted when the bump runs, which inside a transaction is before its commit.
 */
export function localDataVersionBumps(): number {
  return localBumps;
}
