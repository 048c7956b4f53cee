import type { Kysely } from 'kysely';
import type { Database, ServiceFeedbackTable } from '../db/types.ts';

/** Queries only: the caller seals and opens the detail. A row whose client_ref is already stored is skipped. */
export async function insertFeedback(db: Kysely<Database>, row: ServiceFeedbackTable): Promise<void> {
  await db
    .insertInto('service_feedback')
    .values(row)
    .onConflict((oc) => oc.column('client_ref').doNothing())
    .execute();
}

export interface FeedbackRow extends Omit<ServiceFeedbackTable, 'client_ref'> {
  service_name: string | null;
}

/** Reports newest first, for one organisation or all. */
export async function listFeedback(
  db: Kysely<Database>,
  filter: { organizationId?: string; limit: number },
): Promise<FeedbackRow[]> {
  let query = db
    .selectFrom('service_feedback as f')
    .leftJoin('service as s', 's.id', 'f.service_id')
    .select(['f.id', 'f.service_id', 'f.organization_id', 'f.kind', 'f.detail_sealed', 'f.created_at', 's.name as service_name'])
    .orderBy('f.created_at', 'desc')
    .orderBy('f.id')
    .limit(filter.limit);
  if (filter.organizationId) query = query.where('f.organization_id', '=', filter.organizationId);
  return query.execute();
}
