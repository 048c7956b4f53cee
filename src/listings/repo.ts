import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.ts';

/** Queries of the listings feature; the caller passes `db` or a transaction. */
type Db = Kysely<Database>;

/**
 * Takes the service's row lock for the rest of the transaction (a no-op write), so two edits of one
 * listing, or an edit and the automatic reopening, never both work from the same old copy. False
 * when no service has that id.
 */
export async function lockService(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('service')
    .set({ status: sql<string>`status` })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The same for a location. */
export async function lockLocation(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('location')
    .set({ confidential: sql<number>`confidential` })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The organisation owning a service: its id, null when none does (or no service has that id). */
export async function findServiceOwner(db: Db, serviceId: string): Promise<string | null> {
  const row = await db.selectFrom('service').select('organization_id').where('id', '=', serviceId).executeTakeFirst();
  return row?.organization_id ?? null;
}

export async function findOrganizationName(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('organization').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? null;
}

/** Services of an organisation, or (null) those no organisation owns, by name. */
export async function listServicesOf(db: Db, orgId: string | null, limit: number) {
  return db
    .selectFrom('service')
    .select(['id', 'doc'])
    .where('organization_id', orgId === null ? 'is' : '=', orgId)
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** A closure waiting to end: the service, its last day, the zone that day is in, and when it ends. */
export interface PendingClosure {
  serviceId: string;
  until: string;
  zone: string;
  endsAt: string;
}

/**
 * Closures are also listed in `meta` (`closure:<service id>`), so finding the ones that ended never
 * reads every service. The service document stays the truth; this is only an index to it.
 */
const PREFIX = 'closure:';

function pendingValue(closure: PendingClosure): string {
  return JSON.stringify({ until: closure.until, zone: closure.zone, ends_at: closure.endsAt });
}

export async function putPendingClosure(db: Db, closure: PendingClosure): Promise<void> {
  const value = pendingValue(closure);
  await db
    .insertInto('meta')
    .values({ key: `${PREFIX}${closure.serviceId}`, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Forgets a service's pending closure; with `only`, only if it is still that one. */
export async function deletePendingClosure(db: Db, serviceId: string, only?: PendingClosure): Promise<void> {
  let query = db.deleteFrom('meta').where('key', '=', `${PREFIX}${serviceId}`);
  if (only) query = query.where('value', '=', pendingValue(only));
  await query.execute();
}

/** Every pending closure, soonest end first. */
export async function listPendingClosures(db: Db): Promise<PendingClosure[]> {
  const rows = await db.selectFrom('meta').select(['key', 'value']).where('key', 'like', `${PREFIX}%`).execute();
  return rows
    .map((r) => {
      const v = JSON.parse(r.value) as { until: string; zone: string; ends_at: string };
      return { serviceId: r.key.slice(PREFIX.length), until: v.until, zone: v.zone, endsAt: v.ends_at };
    })
    .sort((a, b) => (a.endsAt < b.endsAt ? -1 : a.endsAt > b.endsAt ? 1 : 0));
}

/** The owners (organisation ids, null for none) of every service at a location. */
export async function findOwnersAtLocation(db: Db, locationId: string): Promise<(string | null)[]> {
  const rows = await db
    .selectFrom('service_at_location')
    .innerJoin('service', 'service.id', 'service_at_location.service_id')
    .select('service.organization_id')
    .where('service_at_location.location_id', '=', locationId)
    .execute();
  return rows.map((r) => r.organization_id);
}
